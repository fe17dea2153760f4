deploy_role_arn = "arn:aws:iam::111122223333:role/platform-deploy"
