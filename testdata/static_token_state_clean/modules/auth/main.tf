variable "cluster_name" {
  type = string
}

data "aws_eks_cluster_auth" "this" {
  name = var.cluster_name
}

output "token" {
  value     = data.aws_eks_cluster_auth.this.token
  sensitive = true
}
