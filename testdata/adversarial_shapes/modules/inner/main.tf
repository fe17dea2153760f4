# A provider inside a child module, configured from a variable, with a
# cluster defined elsewhere: nothing certain to say.
variable "role" {
  type = string
}

provider "aws" {
  assume_role {
    role_arn = var.role
  }
}

data "aws_eks_cluster_auth" "x" {
  name = "defined-elsewhere"
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.x.token
}
