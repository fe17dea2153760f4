# A GKE cluster's providers: a token from another workspace's outputs and a
# kubeconfig. Nothing in this module says EKS, so they are no blind spot of
# an EKS audit, with or without execution roles.

provider "google" {
  project = "shop"
  region  = "europe-west1"
}

data "tfe_outputs" "gke" {
  organization = "shop"
  workspace    = "gke-cluster"
}

locals {
  host = data.tfe_outputs.gke.values.kubernetes_endpoint
}

provider "kubernetes" {
  host                   = "https://${local.host}"
  cluster_ca_certificate = base64decode(data.tfe_outputs.gke.values.cluster_ca_certificate)
  token                  = data.tfe_outputs.gke.values.kubernetes_cluster_access_token # want-none
}

provider "helm" {
  kubernetes {
    config_path = "~/.kube/config" # want-none
  }
}
