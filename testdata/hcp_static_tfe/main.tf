# The configuration sets up its own HCP Terraform workspace with the tfe
# provider. With no API token (here: hcp_terraform not enabled), those
# settings are still a source for the context the workspace's runs are:
# var.role_arn there is the agent's role, which aws_auth_roles does not map.

terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "eks-prod"
    }
  }
}

resource "tfe_workspace" "prod" {
  name           = "eks-prod"
  organization   = "acme"
  execution_mode = "remote"
}

resource "tfe_variable" "role_arn" {
  workspace_id = tfe_workspace.prod.id
  key          = "role_arn"
  value        = "arn:aws:iam::111122223333:role/tfc-agent"
  category     = "terraform"
}

resource "tfe_workspace" "other" {
  name         = "unrelated"
  organization = "acme"
}

resource "tfe_variable" "other_role" {
  workspace_id = tfe_workspace.other.id
  key          = "role_arn"
  value        = "arn:aws:iam::111122223333:role/unrelated" # want-none: not this configuration's workspace
  category     = "terraform"
}

variable "role_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/platform-admin"
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/tfc-agent \(assume_role of provider aws, from var\.role_arn = tfe_variable\.role_arn \(main\.tf:21\) of HCP Terraform workspace acme/eks-prod, where the local run uses arn:aws:iam::111122223333:role/platform-admin from var\.role_arn = default\), which module\.eks aws_auth_roles does not map`
  }
}

module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "~> 19.0"
  cluster_name              = "platform"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/platform-admin", username = "admin", groups = ["system:masters"] },
  ]
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
