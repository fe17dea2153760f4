plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
  # HCP Terraform runs plan and apply with different roles (dynamic
  # provider credentials, TFC_AWS_PLAN_ROLE_ARN / TFC_AWS_APPLY_ROLE_ARN).
  execution_roles = [
    "arn:aws:iam::111122223333:role/tfc-plan",
    "arn:aws:iam::111122223333:role/tfc-apply",
  ]
  # The apply role bootstrapped aws_eks_cluster.legacy.
  cluster_creator_arns = ["arn:aws:iam::111122223333:role/tfc-apply"]
}
