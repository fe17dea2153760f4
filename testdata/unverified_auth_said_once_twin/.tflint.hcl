plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
  # Two runners: a reason that holds for both is said once.
  execution_roles = ["arn:aws:iam::111122223333:role/ci-runner", "arn:aws:iam::111122223333:role/cd-runner"]
}

rule "eksauth_unverified_auth" {
  enabled = true
}
