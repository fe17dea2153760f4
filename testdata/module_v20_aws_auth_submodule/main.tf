# Module v20 moved aws-auth to a submodule with no cluster input: it writes
# the ConfigMap through whichever kubernetes provider it runs with, so its
# mappings belong to that provider's cluster. authentication_mode defaults
# to API_AND_CONFIG_MAP in v20, so they count next to access entries.

provider "aws" {
  assume_role {
    role_arn = var.role_arn # want eksauth_role_not_mapped `kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/platform \(assume_role of provider aws, from var\.role_arn = default\), which neither module\.eks access_entries nor module\.aws_auth aws_auth_roles grants access to; to fix, add it to module\.eks access_entries`
  }
}

variable "role_arn" {
  default = "arn:aws:iam::111122223333:role/platform"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.8.4"

  cluster_name    = "v20"
  cluster_version = "1.30"

  access_entries = {
    ops = {
      principal_arn     = "arn:aws:iam::111122223333:role/ops"
      kubernetes_groups = ["ops"]
    }
  }
}

module "aws_auth" {
  source  = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version = "~> 20.0"

  aws_auth_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["system:masters"] },
  ]
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
