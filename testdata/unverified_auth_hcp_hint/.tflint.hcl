plugin "terraform" {
  enabled = false
}

# hcp_terraform is off: only the local run is checked.
plugin "eksauth" {
  enabled = true
}

rule "eksauth_unverified_auth" {
  enabled = true
}
