variable "host" {
  type = string
}

variable "token" {
  type = string
}

provider "kubernetes" {
  host  = var.host
  token = var.token # want eksauth_role_not_mapped `module\.apps.s kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/deploy \(assume_role of provider aws, through the token of data\.aws_eks_cluster_auth\.shop, passed as var\.token to module\.apps\), which module\.eks access_entries \(main\.tf:14\) does not grant access to`
}

resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
  }
}
