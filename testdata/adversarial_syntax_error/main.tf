provider "kubernetes" {
  token = data.aws_eks_cluster_auth.this.token
  exec {
    args = ["eks", "get-token"
  }
