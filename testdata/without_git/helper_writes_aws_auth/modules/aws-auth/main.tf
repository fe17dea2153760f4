variable "cluster_name" {
  type = string
}
variable "cluster_endpoint" {
  type = string
}
variable "deployer_arn" {
  type = string
}
data "aws_eks_cluster_auth" "this" {
  name = var.cluster_name
}
provider "kubernetes" {
  host  = var.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode([{
      rolearn  = var.deployer_arn
      username = "ci-runner"
      groups   = ["system:masters"]
    }])
  }
}
