# A child module that configures its own kubernetes provider for the
# cluster its caller names, signing tokens as the role its caller passes.
variable "cluster_name" {
  type = string
}

variable "role_arn" {
  type = string
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn # want eksauth_role_not_mapped `module\.apps's kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws.*\), which module\.eks access_entries \(main\.tf:14\) does not grant access to` eksauth_role_not_mapped `module\.apps_by_name's kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/ci`
  }
}

data "aws_eks_cluster_auth" "this" {
  name = var.cluster_name
}

provider "kubernetes" {
  host  = "https://example.eks.amazonaws.com"
  token = data.aws_eks_cluster_auth.this.token
}

resource "kubernetes_namespace_v1" "apps" {
  metadata {
    name = "apps"
  }
}
