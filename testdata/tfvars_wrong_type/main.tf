# A CI role written as a list in terraform.tfvars, where the variable is a
# string. tflint reports no error of its own: it refuses the value to the
# plugin, and without a note the role would be silently unknown and the
# missing grant never checked. var.admin_roles, a list set as a list in the
# same file, is used as usual: its grant lets platform-admin in.

variable "role_arn" {
  type = string
}

variable "admin_roles" {
  type = list(string)
}

provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = var.role_arn # want eksauth_context_unavailable `^var\.role_arn cannot be used: terraform\.tfvars:5 sets it to a value that does not fit variable "role_arn" \(main\.tf:7\): string required, but have tuple; Terraform rejects it, and eksauth took it as unknown, so the checks that depend on it were skipped$`
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "platform"
  cluster_version = "1.30"

  access_entries = { for r in var.admin_roles : r => {
    principal_arn = r
    policy_associations = {
      admin = {
        policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
        access_scope = { type = "cluster" }
      }
    }
  } }
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = data.aws_eks_cluster_auth.this.token # want-none: the role is refused above, not guessed
}

provider "kubernetes" {
  alias                  = "admin"
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", var.admin_roles[0]] # want-none: a list set as a list, granted
  }
}
