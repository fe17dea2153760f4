# Which module versions apply aws-auth inputs: v17 (map_roles, unless
# manage_aws_auth = false), v18.20-v19 (aws_auth_roles, only with
# manage_aws_auth_configmap or create_aws_auth_configmap). v18.0-v18.19 had
# none, and v20 moved them to the modules/aws-auth submodule: the root
# module silently ignores them there.

locals {
  admin_role = {
    rolearn  = "arn:aws:iam::111122223333:role/platform-admin"
    username = "platform-admin"
    groups   = ["system:masters"]
  }
}

# v19, both flags left at their default (false).
module "v19_default" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name    = "v19-default"
  cluster_version = "1.29"

  aws_auth_roles = [local.admin_role] # want eksauth_aws_auth_ignored `^module\.v19_default aws_auth_roles is never applied to EKS cluster module\.v19_default: neither manage_aws_auth_configmap nor create_aws_auth_configmap is true$`
}

# v19 with the ConfigMap created by the module: applied.
module "v19_create" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"

  cluster_name    = "v19-create"
  cluster_version = "1.29"

  create_aws_auth_configmap = true
  aws_auth_roles            = [local.admin_role] # want-none: create_aws_auth_configmap = true
}

# v18 before 18.20: no aws-auth management at all.
module "v18_early" {
  source  = "terraform-aws-modules/eks/aws"
  version = "18.17.0"

  cluster_name    = "v18-early"
  cluster_version = "1.24"

  manage_aws_auth_configmap = true
  aws_auth_roles            = [local.admin_role] # want eksauth_aws_auth_ignored `^module\.v18_early aws_auth_roles is never applied to EKS cluster module\.v18_early: module\.v18_early has no aws-auth management before v18\.20; module\.v18_early is v18\.17 \(version = "18\.17\.0"\)$`
}

# v17 inputs carried over to v18.
module "v18_legacy_inputs" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v18.31.2"

  cluster_name    = "v18-legacy"
  cluster_version = "1.25"

  manage_aws_auth_configmap = true
  map_roles                 = [local.admin_role] # want eksauth_aws_auth_ignored `^module\.v18_legacy_inputs map_roles is never applied to EKS cluster module\.v18_legacy_inputs: map_roles was removed in v18; module\.v18_legacy_inputs is v18\.31 \(\?ref=v18\.31\.2\)$`
}

# v17: applied unless manage_aws_auth = false.
module "v17" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "17.24.0"
  cluster_name = "v17"
  subnets      = ["subnet-1"]

  map_roles = [local.admin_role] # want-none: v17 manages aws-auth by default
}

module "v17_unmanaged" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "17.24.0"
  cluster_name = "v17-unmanaged"
  subnets      = ["subnet-1"]

  manage_aws_auth = false
  map_users = [ # want eksauth_aws_auth_ignored `^module\.v17_unmanaged map_users is never applied to EKS cluster module\.v17_unmanaged: manage_aws_auth = false$`
    { userarn = "arn:aws:iam::111122223333:user/alice", username = "alice", groups = ["system:masters"] },
  ]
}

# v20 and v21 roots: the inputs are gone.
module "v20" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "v20"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true

  manage_aws_auth_configmap = true
  aws_auth_roles            = [local.admin_role] # want eksauth_aws_auth_ignored `^module\.v20 aws_auth_roles is never applied to EKS cluster module\.v20: aws_auth_roles moved to the modules/aws-auth submodule in v20; module\.v20 is v20 \(version = "~> 20\.0"\)$`
}

module "v21" {
  source  = "terraform-aws-modules/eks/aws"
  version = "21.3.1"

  name               = "v21"
  kubernetes_version = "1.33"

  enable_cluster_creator_admin_permissions = true

  aws_auth_users = [ # want eksauth_aws_auth_ignored `^module\.v21 aws_auth_users is never applied to EKS cluster module\.v21: aws_auth_users moved to the modules/aws-auth submodule in v20; module\.v21 is v21\.3 \(version = "21\.3\.1"\)$`
    { userarn = "arn:aws:iam::111122223333:user/bob", username = "bob", groups = ["system:masters"] },
  ]
}

# A list eksauth cannot read (a variable with no value): what it holds does
# not matter where the module applies no list at all.
variable "platform_roles" {
  type = list(object({ rolearn = string, username = string, groups = list(string) }))
}

module "v19_unread" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name    = "v19-unread"
  cluster_version = "1.29"

  aws_auth_roles = var.platform_roles # want eksauth_aws_auth_ignored `^module\.v19_unread aws_auth_roles is never applied to EKS cluster module\.v19_unread: neither manage_aws_auth_configmap nor create_aws_auth_configmap is true$`
}

module "v20_unread" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "v20-unread"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true

  aws_auth_roles = var.platform_roles # want eksauth_aws_auth_ignored `^module\.v20_unread aws_auth_roles is never applied to EKS cluster module\.v20_unread: aws_auth_roles moved to the modules/aws-auth submodule in v20; module\.v20_unread is v20 \(version = "~> 20\.0"\)$`
}

# Applied: an unreadable list there only hides what it grants.
module "v19_unread_managed" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name    = "v19-unread-managed"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles            = var.platform_roles # want-none: applied, and what it holds is unknown
}
