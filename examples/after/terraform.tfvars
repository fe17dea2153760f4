role_arn = "arn:aws:iam::111122223333:role/tfc-agent"
