# Each variable's value comes from a different place, and each message names
# the one Terraform uses: prod.auto.tfvars overrides terraform.tfvars, the
# CI job sets TF_VAR_admin_roles (an object where a list is declared), and
# ci.tfvars comes with --var-file. var.viewer_roles, a list written as a
# list in TF_VAR_viewer_roles, is used as usual.

variable "role_arn" {
  type = string
}

variable "admin_roles" {
  type = list(string)
}

variable "viewer_roles" {
  type = list(string)
}

variable "deploy_role" {
  type = string
}

provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = var.role_arn # want eksauth_context_unavailable `^var\.role_arn cannot be used: prod\.auto\.tfvars:2 sets it to a value that does not fit variable "role_arn" \(main\.tf:7\): string required, but have tuple; Terraform rejects it`
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"

  cluster_name    = "platform"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = concat(
    [for r in var.admin_roles : { rolearn = r, username = "admin", groups = ["system:masters"] }], # want eksauth_context_unavailable `^var\.admin_roles cannot be used: TF_VAR_admin_roles sets it to a value that does not fit variable "admin_roles" \(main\.tf:11\): list of string required; Terraform rejects it`
    [for r in var.viewer_roles : { rolearn = r, username = "viewer", groups = ["viewers"] }],
  )
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = data.aws_eks_cluster_auth.this.token
}

provider "helm" {
  kubernetes {
    host                   = module.eks.cluster_endpoint
    cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", var.deploy_role] # want eksauth_context_unavailable `^var\.deploy_role cannot be used: a --var or --var-file option sets it to a value that does not fit variable "deploy_role" \(main\.tf:19\): string required, but have object; Terraform rejects it`
    }
  }
}
