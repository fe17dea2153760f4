# The CI job sets TF_VAR_role_arn; the message says so, because that is
# where the user must look.

variable "role_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/admin"
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/github-actions \(assume_role of provider aws, from var\.role_arn = TF_VAR_role_arn\)`
  }
}

resource "aws_eks_cluster" "this" {
  name     = "ci"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "admin" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = "arn:aws:iam::111122223333:role/admin"
  kubernetes_groups = ["platform-admins"]
}

data "aws_eks_cluster_auth" "this" {
  name = aws_eks_cluster.this.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.this.token
}
