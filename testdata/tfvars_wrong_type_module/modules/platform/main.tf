# The cluster and its Kubernetes resources, for a role the caller names.

variable "role_arn" {
  type = string
}

provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = var.role_arn
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"

  cluster_name    = "platform"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/platform-admin"
      username = "platform-admin"
      groups   = ["system:masters"]
    },
  ]
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = data.aws_eks_cluster_auth.this.token
}
