# for_each clusters with settings per instance: the prod instance grants its
# applier admin, so the role applying it is not reported.

variable "clusters" {
  default = {
    dev  = { creator_admin = false }
    prod = { creator_admin = true }
  }
}
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
module "eks" {
  for_each        = var.clusters
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = each.key
  cluster_version = "1.29"
  enable_cluster_creator_admin_permissions = each.value.creator_admin
}
data "aws_eks_cluster_auth" "prod" {
  name = module.eks["prod"].cluster_name
}
provider "kubernetes" {
  host  = module.eks["prod"].cluster_endpoint
  token = data.aws_eks_cluster_auth.prod.token
}
