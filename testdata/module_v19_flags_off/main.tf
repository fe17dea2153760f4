# Module v18.20-v19 applies aws_auth_roles only when manage_aws_auth_configmap
# or create_aws_auth_configmap is true; both default to false, so this list
# never reaches the cluster.

provider "aws" {
  assume_role {
    role_arn = local.ci_role # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws, from local\.ci_role, var\.account_id = default\), which no aws-auth mapping or access entry of the cluster lets in \(module\.eks aws_auth_roles\[0\] lists it, but neither manage_aws_auth_configmap nor create_aws_auth_configmap is true\)`
  }
}

variable "account_id" {
  default = "111122223333"
}

locals {
  ci_role = "arn:aws:iam::${var.account_id}:role/ci"
}

module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 19.15"
  cluster_name = "flags"

  aws_auth_roles = [ # want eksauth_aws_auth_ignored `^module\.eks aws_auth_roles is never applied to EKS cluster module\.eks: neither manage_aws_auth_configmap nor create_aws_auth_configmap is true$`
    { rolearn = local.ci_role, username = "ci", groups = ["system:masters"] },
  ]
}

provider "kubernetes" {
  host = module.eks.cluster_endpoint
  exec { # want eksauth_identity_mismatch `^kubernetes provider authenticates to EKS cluster module\.eks with the run's own credentials \(ambient credentials of aws eks get-token\), not as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws, main\.tf:7, from local\.ci_role, var\.account_id = default\), the role the cluster is created with`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
  token = null
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "helm" {
  kubernetes {
    host  = module.eks.cluster_endpoint
    token = data.aws_eks_cluster_auth.this.token # want-none: the same mismatch is reported once, on the exec
  }
}
