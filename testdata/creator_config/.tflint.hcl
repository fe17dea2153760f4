plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled              = true
  cluster_creator_arns = ["arn:aws:iam::111122223333:role/bootstrap"]
}
