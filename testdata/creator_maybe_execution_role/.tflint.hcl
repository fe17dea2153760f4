plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled         = true
  execution_roles = ["arn:aws:iam::333344445555:role/pipeline"]
}
