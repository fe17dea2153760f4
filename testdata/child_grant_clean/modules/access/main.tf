variable "cluster_name" {
  type = string
}

variable "deployer_arn" {
  type = string
}

resource "aws_eks_access_entry" "admins" { # want-none: a group of the user's own, with a policy below
  cluster_name      = var.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/platform-admin"
  kubernetes_groups = ["platform-admins"]
}

resource "aws_eks_access_policy_association" "admins" {
  cluster_name  = var.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/platform-admin"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "deployer" {
  cluster_name      = var.cluster_name
  principal_arn     = var.deployer_arn # want-none
  kubernetes_groups = ["deployers"]
}

resource "aws_eks_access_entry" "auditor" { # want-none: a policy association is written against the entry
  cluster_name  = var.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/auditor"
}

resource "aws_eks_access_policy_association" "auditor" {
  cluster_name  = var.cluster_name
  principal_arn = aws_eks_access_entry.auditor.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}
