role_arn    = "arn:aws:iam::111122223333:role/github-actions"
deploy_role = "arn:aws:iam::111122223333:role/deployer"
