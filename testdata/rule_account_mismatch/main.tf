# allowed_account_ids / forbidden_account_ids make the AWS provider refuse
# an identity from another account before anything reaches EKS. The role
# ARN, not the list, is usually what is wrong: a staging role pasted into
# production, or a runner that never assumes a role.

variable "deploy_role_arn" {
  type = string
}

# Production: the deploy role set in terraform.tfvars is the staging one.
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
  assume_role {
    role_arn = var.deploy_role_arn # want eksauth_account_mismatch `^arn:aws:iam::222233334444:role/deploy \(assume_role of provider aws\) is in account 222233334444, which provider aws.s allowed_account_ids \(111122223333, main\.tf:13\) does not list: the AWS provider refuses the run before it reaches EKS$`
  }
}

# Ops: a role in the right account.
provider "aws" {
  alias               = "ops"
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ops" # want-none: in an allowed account
  }
}

# The sandbox account is forbidden; this alias assumes a role there.
provider "aws" {
  alias                 = "audit"
  region                = "eu-west-1"
  forbidden_account_ids = ["777788889999"]
  assume_role {
    role_arn = "arn:aws:iam::777788889999:role/auditor" # want eksauth_account_mismatch `^arn:aws:iam::777788889999:role/auditor \(assume_role of provider aws\.audit\) is in account 777788889999, which provider aws\.audit.s forbidden_account_ids \(main\.tf:33\) lists`
  }
}

# No assume_role: the run's own credentials, the CI runner's role in the
# tooling account.
provider "aws" { # want eksauth_account_mismatch `^arn:aws:iam::444455556666:role/ci-runner \(ambient credentials of provider aws\.runner, declared in plugin config execution_roles\) is in account 444455556666, which provider aws\.runner.s allowed_account_ids \(111122223333, main\.tf:44\) does not list`
  alias               = "runner"
  region              = "eu-west-1"
  allowed_account_ids = ["111122223333"]
}

# Forbids another account: fine.
provider "aws" { # want-none: the runner is not in the forbidden account
  alias                 = "tooling"
  region                = "eu-west-1"
  forbidden_account_ids = ["111122223333"]
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "prod"
  cluster_version = "1.30"

  access_entries = {
    deploy = {
      principal_arn = "arn:aws:iam::111122223333:role/deploy"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
    ops = {
      principal_arn     = "arn:aws:iam::111122223333:role/ops"
      kubernetes_groups = ["ops"]
    }
  }
}

data "aws_eks_cluster_auth" "ops" {
  provider = aws.ops
  name     = module.eks.cluster_name
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = data.aws_eks_cluster_auth.ops.token
}
