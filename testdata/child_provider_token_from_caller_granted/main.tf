# The twin of child_provider_token_from_caller: the caller's AWS provider
# assumes ci, the token it signs is passed to the child, and the cluster
# has an access entry with a policy for ci. No finding is due.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}

module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "shop"
  access_entries = {
    ci = {
      principal_arn = "arn:aws:iam::111122223333:role/ci"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

data "aws_eks_cluster_auth" "shop" {
  name = module.eks.cluster_name
}

module "apps" {
  source = "./apps"
  host   = module.eks.cluster_endpoint
  token  = data.aws_eks_cluster_auth.shop.token
}
