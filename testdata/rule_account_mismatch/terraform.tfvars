deploy_role_arn = "arn:aws:iam::222233334444:role/deploy"
