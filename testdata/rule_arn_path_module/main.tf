# aws-auth compares the path-less role ARN STS presents with each rolearn
# and userarn, so a role written with its IAM path never matches, and an
# STS session ARN matches nothing. Roles listed without a path, and IAM
# users with a path (their ARN keeps it), are fine.

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "paths"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef" # want eksauth_role_arn_path `^module\.eks aws_auth_roles\[0\] for EKS cluster module\.eks writes arn:aws:iam::111122223333:role/aws-reserved/sso\.amazonaws\.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef with the IAM path /aws-reserved/sso\.amazonaws\.com/eu-west-1/: .*; write arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef$`
      username = "sso-admin"
      groups   = ["system:masters"]
    },
    {
      rolearn  = "arn:aws:iam::111122223333:role/platform-admin" # want-none: no path
      username = "platform-admin"
      groups   = ["system:masters"]
    },
    {
      rolearn  = "arn:aws:sts::111122223333:assumed-role/deployer/ci-session" # want eksauth_role_arn_path `^module\.eks aws_auth_roles\[2\] for EKS cluster module\.eks names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci-session, which aws-auth never matches: use the role ARN arn:aws:iam::111122223333:role/deployer$`
      username = "deployer"
      groups   = ["system:masters"]
    },
  ]
  aws_auth_users = [
    {
      userarn  = "arn:aws:iam::111122223333:role/service-role/ci-runner" # want eksauth_role_arn_path `^module\.eks aws_auth_users\[0\] for EKS cluster module\.eks writes arn:aws:iam::111122223333:role/service-role/ci-runner with the IAM path /service-role/: .*; write arn:aws:iam::111122223333:role/ci-runner$`
      username = "ci-runner"
      groups   = ["system:masters"]
    },
    {
      userarn  = "arn:aws:iam::111122223333:role/auditor" # want-none: a plain role ARN as a userarn matches
      username = "auditor"
      groups   = ["view"]
    },
    {
      userarn  = "arn:aws:iam::111122223333:user/engineering/alice" # want-none: an IAM user ARN keeps its path
      username = "alice"
      groups   = ["system:masters"]
    },
  ]
}

module "legacy" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "17.24.0"
  cluster_name = "legacy"
  subnets      = ["subnet-1"]

  map_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/service-role/deployer", username = "deployer", groups = ["system:masters"] }, # want eksauth_role_arn_path `^module\.legacy map_roles\[0\] for EKS cluster module\.legacy writes arn:aws:iam::111122223333:role/service-role/deployer with the IAM path /service-role/: .*; write arn:aws:iam::111122223333:role/deployer$`
    { rolearn = "arn:aws:iam::111122223333:role/deployer", username = "deployer", groups = ["system:masters"] },
  ]
}

module "v21" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "v21"
  kubernetes_version = "1.33"

  access_entries = {
    sso = {
      principal_arn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AdministratorAccess_0123456789abcdef" # want-none: access entries accept the path
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
    session = {
      principal_arn     = "arn:aws:sts::111122223333:assumed-role/deployer/ci-session" # want eksauth_role_arn_path `^module\.v21 access_entries\["session"\] for EKS cluster module\.v21 names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci-session: EKS rejects session ARNs in access entries; use the role ARN arn:aws:iam::111122223333:role/deployer$`
      kubernetes_groups = ["deployers"]
    }
  }
}

# v20 moved aws-auth to a submodule, bound to the cluster of the
# kubernetes provider it runs with.

module "v20" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "v20"
  cluster_version = "1.30"
}

provider "kubernetes" {
  alias = "v20"
  host  = module.v20.cluster_endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.v20.cluster_name]
  }
}

module "aws_auth" {
  source  = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version = "~> 20.0"

  providers = {
    kubernetes = kubernetes.v20
  }

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReadOnly_00aa11bb22cc33dd" # want eksauth_role_arn_path `^module\.aws_auth aws_auth_roles\[0\] for EKS cluster module\.v20 writes arn:aws:iam::111122223333:role/aws-reserved/sso\.amazonaws\.com/eu-west-1/AWSReservedSSO_ReadOnly_00aa11bb22cc33dd with the IAM path /aws-reserved/sso\.amazonaws\.com/eu-west-1/: .*; write arn:aws:iam::111122223333:role/AWSReservedSSO_ReadOnly_00aa11bb22cc33dd$`
      username = "sso-readonly"
      groups   = ["readers"]
    },
    {
      rolearn  = "arn:aws:iam::111122223333:role/AWSReservedSSO_AdministratorAccess_0123456789abcdef" # want-none: the SSO role written without its path
      username = "sso-admin"
      groups   = ["system:masters"]
    },
  ]
}

# ARNs built from a value tflint cannot know (the account ID of
# aws_caller_identity): the suggestion keeps the reference as written, and
# --fix leaves them alone.

data "aws_caller_identity" "current" {}

module "by_account" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "by-account"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/service-role/deployer" # want eksauth_role_arn_path `^module\.by_account aws_auth_roles\[0\] for EKS cluster module\.by_account writes arn:aws:iam::<data\.aws_caller_identity\.current\.account_id>:role/service-role/deployer with the IAM path /service-role/: .*; write arn:aws:iam::<data\.aws_caller_identity\.current\.account_id>:role/deployer$`
      username = "deployer"
      groups   = ["system:masters"]
    },
    {
      rolearn  = "arn:aws:sts::${data.aws_caller_identity.current.account_id}:assumed-role/ops/jane" # want eksauth_role_arn_path `^module\.by_account aws_auth_roles\[1\] for EKS cluster module\.by_account names the STS session arn:aws:sts::<data\.aws_caller_identity\.current\.account_id>:assumed-role/ops/jane, which aws-auth never matches: use the role ARN arn:aws:iam::<data\.aws_caller_identity\.current\.account_id>:role/ops$`
      username = "ops"
      groups   = ["system:masters"]
    },
  ]
}
