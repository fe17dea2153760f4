plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled         = true
  execution_roles = ["arn:aws:iam::222233334444:role/runner", "arn:aws:iam::222233334444:role/release"]
}

rule "eksauth_unverified_auth" {
  enabled = true
}
