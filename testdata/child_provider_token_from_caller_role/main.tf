# The caller's AWS provider assumes deploy and signs the token it passes
# to the child; the cluster lets only other in. The child's provider is
# refused, and the finding names the role the caller signs with.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}

module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "shop"
  access_entries = {
    ci = {
      principal_arn = "arn:aws:iam::111122223333:role/other"
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
