variable "role_arn" {
  type = string
}

variable "admin_roles" {
  type = list(string)
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"

  cluster_name              = "platform"
  manage_aws_auth_configmap = true
  aws_auth_roles = [for arn in var.admin_roles : {
    rolearn  = arn
    username = "admin"
    groups   = ["system:masters"]
  }]
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
