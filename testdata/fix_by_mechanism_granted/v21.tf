provider "aws" {
  alias  = "eks21"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want-none: granted as the fix says
  }
}

module "eks21" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "v21"
  kubernetes_version = "1.33"

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
    deployer = {
      principal_arn = "arn:aws:iam::111122223333:role/deployer"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

data "aws_eks_cluster_auth" "eks21" {
  provider = aws.eks21
  name     = module.eks21.cluster_name
}

provider "helm" {
  alias = "eks21"
  kubernetes = {
    host  = module.eks21.cluster_endpoint
    token = data.aws_eks_cluster_auth.eks21.token
  }
}
