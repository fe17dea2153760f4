plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
}

rule "eksauth_unverified_auth" {
  enabled = true
}
