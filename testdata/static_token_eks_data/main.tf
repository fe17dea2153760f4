# The module reads an EKS cluster (data "aws_eks_cluster"), so a static
# token whose host cannot be read is an EKS token too.

variable "api_server" {
  type = string
}

variable "token" {
  type      = string
  sensitive = true
}

data "aws_eks_cluster" "this" {
  name = "platform"
}

terraform {
  required_providers {
    kubectl = {
      source  = "alekc/kubectl"
      version = "~> 2.0"
    }
  }
}

provider "kubectl" {
  host             = var.api_server
  token            = var.token # want eksauth_static_token `^kubectl provider authenticates to the cluster at var\.api_server \(EKS, judging by data\.aws_eks_cluster\.this in this module\) with a static token from var\.token`
  load_config_file = false
}

provider "kubernetes" {
  alias = "local"
  host  = "https://localhost:8443"
  token = var.token # want-none: a local cluster, whatever the module reads
}
