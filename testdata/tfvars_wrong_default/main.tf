# A default of the wrong type for its variable: tflint itself stops with
# an error before any plugin runs, so eksauth has nothing to add.

variable "role_arn" {
  type    = string
  default = ["arn:aws:iam::111122223333:role/ci"]
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn
  }
}

resource "aws_eks_cluster" "this" {
  name     = "ci"
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
