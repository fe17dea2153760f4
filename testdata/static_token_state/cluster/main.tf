resource "aws_eks_cluster" "main" {
  name     = "orders"
  role_arn = "arn:aws:iam::111122223333:role/eks-service"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

data "aws_eks_cluster_auth" "main" {
  name = aws_eks_cluster.main.name
}

output "endpoint" {
  value = aws_eks_cluster.main.endpoint
}

output "auth_token" {
  value     = data.aws_eks_cluster_auth.main.token
  sensitive = true
}
