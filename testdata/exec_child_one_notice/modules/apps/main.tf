variable "cluster_name" {
  type = string
}

variable "region" {
  type = string
}

variable "profile" {
  type = string
}

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

provider "helm" {
  kubernetes = {
    host = data.aws_eks_cluster.this.endpoint
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--region", var.region, "--profile", var.profile]
    }
  }
}

provider "kubernetes" {
  host = data.aws_eks_cluster.this.endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--region", var.region, "--profile", var.profile]
  }
}

terraform {
  required_providers {
    kubectl = {
      source = "alekc/kubectl"
    }
  }
}

provider "kubectl" {
  host             = data.aws_eks_cluster.this.endpoint
  load_config_file = false
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--region", var.region]
    env         = { AWS_PROFILE = var.profile, AWS_REGION = var.region }
  }
}
