# The override that a list slipped into.
role_arn = ["arn:aws:iam::111122223333:role/github-actions-prod"]
