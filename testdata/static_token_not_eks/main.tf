# Nothing here says EKS: a static token (a service account's, which does
# not expire) is how other Kubernetes clusters are reached.

variable "cluster_endpoint" {
  type        = string
  description = "API server of the on-premises cluster (geeks welcome)"
}

variable "cluster_token" {
  type      = string
  sensitive = true
}

provider "kubernetes" {
  host  = var.cluster_endpoint
  token = var.cluster_token # want-none: no evidence of EKS
}

provider "helm" {
  kubernetes = {
    host  = var.cluster_endpoint
    token = var.cluster_token # want-none: no evidence of EKS
  }
}
