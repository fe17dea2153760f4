# client-go sends a bearer token when one is set and never runs the exec
# plugin: a provider with both authenticates as the token's identity. It is
# judged like any token provider, and an exec that would be someone else is
# misleading.

terraform {
  required_providers {
    kubectl = {
      source = "gavinbunney/kubectl"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias = "ci"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `^kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws\.ci\), which module\.eks access_entries does not grant access to` eksauth_role_not_mapped `^helm\.same provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws\.ci\)`
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "both"
  cluster_version = "1.30"

  access_entries = {
    ops = {
      principal_arn = "arn:aws:iam::111122223333:role/ops"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

data "aws_eks_cluster_auth" "ci" {
  provider = aws.ci
  name     = module.eks.cluster_name
}

data "aws_eks_cluster_auth" "ambient" {
  name = module.eks.cluster_name
}

# 1. The token is signed as ci, which no entry lets in; the exec, which
# would run as the run's own credentials, is never used.

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = data.aws_eks_cluster_auth.ci.token
  exec { # want eksauth_identity_mismatch `^kubernetes provider sets both token and exec: client-go sends the token, which authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws\.ci\), and never runs the exec, which would authenticate as the run's own credentials \(ambient credentials of aws eks get-token\); remove the exec block`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
}

# 2. helm v3: a token as the run's own credentials and an exec as ops.

provider "helm" {
  kubernetes = {
    host  = module.eks.cluster_endpoint
    token = data.aws_eks_cluster_auth.ambient.token
    exec = { # want eksauth_identity_mismatch `^helm provider sets both token and exec: client-go sends the token, which authenticates to EKS cluster module\.eks as the run's own credentials \(ambient credentials of provider aws\), and never runs the exec, which would authenticate as arn:aws:iam::111122223333:role/ops \(--role-arn of aws eks get-token\)`
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/ops"]
    }
  }
}

# 3. Both are the run's own credentials: the exec is dead code, not a
# second principal.

provider "kubectl" {
  host             = module.eks.cluster_endpoint
  load_config_file = false
  token            = data.aws_eks_cluster_auth.ambient.token
  exec { # want-none: the same principal either way
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
}

# 4. helm v2: the exec names the token's role, so it says nothing false
# (ci is still not let in, as for 1).

provider "helm" {
  alias = "same"
  kubernetes {
    host  = module.eks.cluster_endpoint
    token = data.aws_eks_cluster_auth.ci.token
    exec { # want-none: the exec names the token's role
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/ci"]
    }
  }
}
