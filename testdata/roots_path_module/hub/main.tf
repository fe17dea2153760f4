# The hub creates the cluster and grants only the platform role.
provider "aws" {}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "hub"
  cluster_version = "1.30"

  access_entries = {
    platform = {
      principal_arn = "arn:aws:iam::444455556666:role/platform"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

output "cluster_name" {
  value = module.eks.cluster_name
}
