# A static token next to a host that cannot be read when linting
# (var.eks_cluster_endpoint has no value here) is still an EKS token when
# the variable's name or description says so: it expires within 15
# minutes, and the next run fails with Unauthorized.

terraform {
  required_providers {
    kubectl = {
      source  = "gavinbunney/kubectl"
      version = "~> 1.14"
    }
  }
}

variable "eks_cluster_endpoint" {
  type = string
}

variable "eks_cluster_token" {
  type      = string
  sensitive = true
}

variable "api_server" {
  type        = string
  description = "Endpoint of the EKS API server"
}

variable "bearer" {
  type      = string
  sensitive = true
}

provider "kubernetes" {
  host  = var.eks_cluster_endpoint
  token = var.eks_cluster_token # want eksauth_static_token `^kubernetes provider authenticates to the cluster at var\.eks_cluster_endpoint \(EKS, judging by the variable's name\) with a static token from var\.eks_cluster_token: EKS tokens expire within 15 minutes`
}

# helm v2: a nested kubernetes block; the host's description says EKS.
provider "helm" {
  kubernetes {
    host  = var.api_server
    token = var.bearer # want eksauth_static_token `^helm provider authenticates to the cluster at var\.api_server \(EKS, judging by the variable's description\) with a static token from var\.bearer`
  }
}

# helm v3: kubernetes as an attribute; the token's own name says EKS.
provider "helm" {
  alias = "v3"
  kubernetes = {
    host  = var.api_server
    token = var.eks_cluster_token # want eksauth_static_token `^helm\.v3 provider authenticates to the cluster at var\.api_server \(EKS, judging by the variable's description\) with a static token from var\.eks_cluster_token`
  }
}

provider "kubectl" {
  host             = var.eks_cluster_endpoint
  token            = var.eks_cluster_token # want eksauth_static_token `^kubectl provider authenticates to the cluster at var\.eks_cluster_endpoint \(EKS, judging by the variable's name\)`
  load_config_file = false
}

# Look-alikes: providers plainly pointed at local clusters.

provider "kubernetes" {
  alias          = "kind"
  config_context = "kind-eks-playground"
  host           = var.eks_cluster_endpoint
  token          = var.eks_cluster_token # want-none: a kind context
}

provider "kubernetes" {
  alias = "loopback"
  host  = "https://127.0.0.1:6443"
  token = var.eks_cluster_token # want-none: a literal loopback host
}

provider "kubectl" {
  alias            = "minikube"
  host             = "https://minikube:${var.bearer}"
  token            = var.bearer # want-none: minikube
  load_config_file = false
}
