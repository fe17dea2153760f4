variable "host" {
  type = string
}

variable "token" {
  type = string
}

provider "kubernetes" {
  host  = var.host
  token = var.token # want-none: the caller signs it as ci, which the cluster grants
}

resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
  }
}
