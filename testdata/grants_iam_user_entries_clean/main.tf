# The twin of grants_iam_user_entries: besides the IAM users' entries,
# the cluster has one for the role Terraform runs as. No finding is due.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}

variable "admins" {
  type    = list(string)
  default = ["ana", "raj"]
}

data "aws_iam_user" "admin" {
  for_each  = toset(var.admins)
  user_name = each.key
}

resource "aws_iam_user" "auditor" {
  name = "auditor"
}

module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "shop"
  access_entries = {
    for name in var.admins : name => { principal_arn = data.aws_iam_user.admin[name].arn }
  }
}

resource "aws_eks_access_entry" "deploy" {
  cluster_name      = module.eks.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/deploy"
  kubernetes_groups = ["deployers"]
}

resource "aws_eks_access_entry" "auditor" {
  cluster_name      = module.eks.cluster_name
  principal_arn     = aws_iam_user.auditor.arn
  kubernetes_groups = ["auditors"]
}

resource "aws_eks_access_policy_association" "admin" {
  for_each      = toset(var.admins)
  cluster_name  = module.eks.cluster_name
  principal_arn = data.aws_iam_user.admin[each.key].arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

data "aws_eks_cluster_auth" "shop" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.shop.token
}
