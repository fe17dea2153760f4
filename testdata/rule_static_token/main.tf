# An EKS token lives about 15 minutes. A token pasted into a variable,
# a local or the configuration itself works once, while debugging, and
# then fails every run with Unauthorized. Tokens made by
# aws_eks_cluster_auth (data or ephemeral) or by exec are fresh each run.

variable "eks_token" {
  type      = string
  sensitive = true
}

variable "cluster_name" {
  type    = string
  default = "static"
}

locals {
  token = "k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20v"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = var.cluster_name
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = var.eks_token # want eksauth_static_token `^kubernetes provider authenticates to EKS cluster module\.eks with a static token from var\.eks_token: EKS tokens expire within 15 minutes, so runs fail with Unauthorized; use data "aws_eks_cluster_auth" or exec with aws eks get-token$`
}

provider "helm" {
  kubernetes {
    host  = module.eks.cluster_endpoint
    token = local.token # want eksauth_static_token `^helm provider authenticates to EKS cluster module\.eks with a static token from local\.token: EKS tokens expire within 15 minutes`
  }
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
  host             = module.eks.cluster_endpoint
  token            = "k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20v" # want eksauth_static_token `^kubectl provider authenticates to EKS cluster module\.eks with a static token from a literal: EKS tokens expire within 15 minutes`
  load_config_file = false
}

provider "kubernetes" {
  alias = "trimmed"
  host  = module.eks.cluster_endpoint
  token = trimspace(var.eks_token) # want eksauth_static_token `^kubernetes\.trimmed provider authenticates to EKS cluster module\.eks with a static token from an expression of variables and locals: EKS tokens expire within 15 minutes`
}

# Look-alikes: tokens made during the run.

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  alias = "data"
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token # want-none: a fresh token each run
}

ephemeral "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "helm" {
  alias = "ephemeral"
  kubernetes = {
    host  = module.eks.cluster_endpoint
    token = ephemeral.aws_eks_cluster_auth.this.token # want-none: ephemeral, fresh in each phase
  }
}

locals {
  cluster_token = data.aws_eks_cluster_auth.this.token
}

provider "kubernetes" {
  alias = "via_local"
  host  = module.eks.cluster_endpoint
  token = local.cluster_token # want-none: a local that holds the data source token
}

# An EKS endpoint written out: EKS, whether or not the cluster is defined
# here.
provider "kubernetes" {
  alias = "endpoint"
  host  = "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
  token = var.eks_token # want eksauth_static_token `^kubernetes\.endpoint provider authenticates to EKS endpoint 0123456789ABCDEF0123456789ABCDEF\.gr7\.eu-west-1\.eks\.amazonaws\.com with a static token from var\.eks_token: EKS tokens expire within 15 minutes`
}

# Not EKS: a static token (a service account's, which does not expire) is
# how other Kubernetes clusters are reached.

variable "onprem_token" {
  type      = string
  sensitive = true
}

provider "kubernetes" {
  alias = "onprem"
  host  = "https://k8s.internal.example.com:6443"
  token = var.onprem_token # want-none: not an EKS cluster
}
