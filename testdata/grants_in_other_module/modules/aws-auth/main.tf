variable "roles" { type = any }
resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = { mapRoles = yamlencode(var.roles) }
  force = true
}
