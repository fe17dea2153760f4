deployer_role = "arn:aws:iam::111122223333:role/deployer"
