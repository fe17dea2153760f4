variable "role_arn" {
  type = string
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn # want eksauth_role_not_mapped `from var\.role_arn = prod\.auto\.tfvars\)`
  }
}

resource "aws_eks_cluster" "this" {
  name     = "chdir"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

data "aws_eks_cluster_auth" "this" {
  name = aws_eks_cluster.this.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.this.token
}
