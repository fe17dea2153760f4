plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
  # The CI runner's role: the run's own credentials have a name.
  execution_roles = ["arn:aws:iam::111122223333:role/gha-runner"]
}

rule "eksauth_unverified_auth" {
  enabled = true
}
