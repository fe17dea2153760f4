# TF_VAR_ of a variable that is not a string is parsed as an expression; a
# bare ARN where a list is declared does not parse, and tflint itself stops
# with an error before any plugin runs. A TF_VAR_ that parses to the wrong
# type is eksauth's to report (see tfvars_wrong_type_auto).

variable "admin_roles" {
  type = list(string)
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
  for_each      = toset(var.admin_roles)
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
}

data "aws_eks_cluster_auth" "this" {
  name = aws_eks_cluster.this.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.this.token
}
