plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled       = true
  cluster_roots = ["../cluster", "../platform/eks", "../nowhere", "../broken"]
}
