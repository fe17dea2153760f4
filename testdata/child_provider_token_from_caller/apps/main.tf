variable "host" {
  type = string
}

variable "token" {
  type = string
}

provider "kubernetes" {
  host  = var.host
  token = var.token # want eksauth_role_not_mapped `module\.apps.s kubernetes provider authenticates to EKS cluster module\.eks with the credentials of whoever runs Terraform \(ambient credentials of provider aws, through the token of data\.aws_eks_cluster_auth\.shop, passed as var\.token to module\.apps\), and the cluster grants no access`
}

resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
  }
}
