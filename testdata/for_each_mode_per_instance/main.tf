# for_each clusters with authentication_mode per instance: the mode is
# unknown when instances disagree, never the first instance's.

variable "clusters" {
  default = {
    legacy = { mode = "CONFIG_MAP" }
    prod   = { mode = "API" }
  }
}
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
resource "aws_eks_cluster" "this" {
  for_each = var.clusters
  name     = each.key
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config { subnet_ids = ["a"] }
  access_config {
    authentication_mode                         = each.value.mode
    bootstrap_cluster_creator_admin_permissions = false
  }
}
resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.this["prod"].name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}
resource "aws_eks_access_policy_association" "ci" {
  cluster_name  = aws_eks_cluster.this["prod"].name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope { type = "cluster" }
}
data "aws_eks_cluster_auth" "prod" {
  name = aws_eks_cluster.this["prod"].name
}
provider "kubernetes" {
  host  = aws_eks_cluster.this["prod"].endpoint
  token = data.aws_eks_cluster_auth.prod.token
}
