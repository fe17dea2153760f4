# exec runs the AWS CLI with the ambient credentials; only --role-arn (or
# its abbreviation --role) names a role. The AWS provider's assume_role does
# not apply to it.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/terraform" # want-none: exec does not use it; the finding is on the exec
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "exec"
  cluster_version = "1.30"

  access_entries = {
    terraform = {
      principal_arn = "arn:aws:iam::111122223333:role/terraform"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

provider "kubernetes" {
  alias = "ci"
  host  = module.eks.cluster_endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/ci"] # want eksauth_role_not_mapped `kubernetes\.ci provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/ci \(--role-arn of aws eks get-token\), which module\.eks access_entries does not grant access to; to fix, add it to`
  }
}

provider "helm" {
  alias = "abbrev"
  kubernetes {
    host = module.eks.cluster_endpoint
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["--region", "eu-west-1", "eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role", "arn:aws:iam::111122223333:role/terraform"] # want-none: granted by access_entries
    }
  }
}

provider "kubectl" {
  host = module.eks.cluster_endpoint
  exec { # want eksauth_role_not_mapped `^kubectl provider authenticates to EKS cluster module\.eks with the run's own credentials \(ambient credentials of aws eks get-token\), which the cluster does not let in: only node roles and arn:aws:iam::111122223333:role/terraform \(assume_role of provider aws, main\.tf:7\) get in, through module\.eks access_entries \(main\.tf:19\), .*add "--role-arn", "arn:aws:iam::111122223333:role/terraform" to the exec args$`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
}

terraform {
  required_providers {
    kubectl = {
      source = "gavinbunney/kubectl"
    }
  }
}
