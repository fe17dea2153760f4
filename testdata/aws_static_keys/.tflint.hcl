plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
  # The CI runner's role: who Terraform is when nothing else says.
  execution_roles = ["arn:aws:iam::111122223333:role/ci-runner"]
}

rule "eksauth_unverified_auth" {
  enabled = true
}
