# A child that signs tokens as a role it declares sensitive.
variable "cluster_name" {
  type = string
}

variable "role_arn" {
  type      = string
  sensitive = true
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn # want-none: sensitive
  }
}

data "aws_eks_cluster_auth" "this" {
  name = var.cluster_name
}

provider "kubernetes" {
  host  = "https://example.eks.amazonaws.com"
  token = data.aws_eks_cluster_auth.this.token
}
