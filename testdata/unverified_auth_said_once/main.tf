# What cannot be verified is said once, where it is decided, in words that
# say what to change.

# 1. A profile signs the token whichever runner runs Terraform: one notice,
# at the profile.
provider "aws" {
  region  = "eu-west-1"
  profile = "deploy" # want eksauth_unverified_auth `^kubernetes provider \(main\.tf:26\) access to EKS cluster aws_eks_cluster\.billing cannot be verified: provider aws uses profile deploy$`
}

resource "aws_eks_cluster" "billing" {
  name     = "billing"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

data "aws_eks_cluster_auth" "billing" {
  name = aws_eks_cluster.billing.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.billing.endpoint
  token = data.aws_eks_cluster_auth.billing.token # want-none: the profile is what to change
}

# 2. A module that pins no version: its defaults, and so the creator's
# access, are not known for either runner; one notice says why and what to
# do.
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  cluster_name    = "payments"
  cluster_version = "1.30"
}

provider "helm" {
  kubernetes {
    host = module.eks.cluster_endpoint
    exec { # want eksauth_unverified_auth `^helm provider \(main\.tf:40\) access to EKS cluster module\.eks cannot be verified: module\.eks pins no version, so its defaults are unknown; pin a version$`
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
    }
  }
}
