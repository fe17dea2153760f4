# Values that try to forge CI log lines or disguise a role: a newline and
# "::error" in the role from terraform.tfvars, a NUL, a right-to-left
# override in a principal and a newline in a group. Every message shows
# them escaped, on one line, in quotes; plain ARNs stay unquoted.

variable "role_arn" {
  type = string
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn # want eksauth_role_not_mapped `^kubernetes provider authenticates to EKS cluster aws_eks_cluster\.c as "arn:aws:iam::111122223333:role/ci\\n::error file=main\.tf,line=1::forged\\x00" \(assume_role of provider aws, from var\.role_arn = terraform\.tfvars\), which no aws-auth mapping or access entry of the cluster lets in`
  }
}

resource "aws_eks_cluster" "c" {
  name = "c"
}

data "aws_eks_cluster_auth" "c" {
  name = aws_eks_cluster.c.name
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}

resource "aws_eks_access_entry" "admin" {
  cluster_name      = aws_eks_cluster.c.name
  principal_arn     = "arn:aws:iam::111122223333:role/admin\u202e"
  kubernetes_groups = ["system:masters\n::error::forged", "view"] # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.admin for EKS cluster aws_eks_cluster\.c gives "arn:aws:iam::111122223333:role/admin\\u202e" the Kubernetes group "system:masters\\n::error::forged": EKS rejects`
}
