admin_roles = [
  "arn:aws:iam::111122223333:role/platform-admin",
]

role_arn = ["arn:aws:iam::111122223333:role/github-actions"]
