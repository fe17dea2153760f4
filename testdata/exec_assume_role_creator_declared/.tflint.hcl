plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
  # The deploy role created the cluster: its bootstrap binding is the deploy
  # role's, not the run's own credentials'.
  cluster_creator_arns = ["arn:aws:iam::111122223333:role/deploy"]
}
