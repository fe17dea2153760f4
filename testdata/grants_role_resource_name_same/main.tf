# The twin: the mapped role has the assumed role's name, so only its
# account, unknown before apply, could tell them apart: nothing is said.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::121212121212:role/deployer" # want-none
  }
}

resource "aws_iam_role" "deployer" {
  name               = "deployer"
  assume_role_policy = "{}"
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "builds"
  cluster_version = "1.30"

  access_entries = {
    deployer = {
      principal_arn = aws_iam_role.deployer.arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

data "aws_eks_cluster_auth" "builds" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.builds.token
}
