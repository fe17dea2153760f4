deploy_role = { arn = "arn:aws:iam::111122223333:role/deployer" }
