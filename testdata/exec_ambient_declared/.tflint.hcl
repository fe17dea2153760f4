plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
  # The CI runner's instance role: the ambient identity of every run.
  execution_roles = ["arn:aws:iam::111122223333:role/gha-runner", "arn:aws:iam::111122223333:role/admin"]
}
