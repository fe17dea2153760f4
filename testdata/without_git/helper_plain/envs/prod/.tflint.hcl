plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
}

# Off by default: it lists blind spots for an audit, not mistakes.
rule "eksauth_unverified_auth" {
  enabled = true
}
