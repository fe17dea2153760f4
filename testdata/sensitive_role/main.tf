# A sensitive role ARN decides nothing and is never printed, even though
# the grants here do not include it.

variable "role_arn" {
  type      = string
  sensitive = true
  default   = "arn:aws:iam::111122223333:role/secret-deployer"
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn # want-none: sensitive
  }
}

resource "aws_eks_cluster" "this" {
  name     = "sensitive"
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
