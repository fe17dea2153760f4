plugin "terraform" {
  enabled = false
}

# hcp_terraform is off, and the workspace's role is declared instead.
plugin "eksauth" {
  enabled         = true
  execution_roles = ["arn:aws:iam::111122223333:role/tfc-prod"]
}

rule "eksauth_unverified_auth" {
  enabled = true
}
