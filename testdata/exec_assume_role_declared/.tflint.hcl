plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
  # The CI runner's own role: the exec's credentials have a name.
  execution_roles = ["arn:aws:iam::111122223333:role/gha-runner"]
}
