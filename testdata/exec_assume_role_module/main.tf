# The AWS provider assumes the deploy role, and the cluster is created with
# it; aws eks get-token in an exec block knows nothing of that assume_role
# and runs as the credentials the role is assumed from. Where the cluster
# lets in nobody but node roles and the deploy role, that exec is certainly
# refused (eksauth_role_not_mapped); where someone else is granted too, it
# is a warning (eksauth_identity_mismatch).

variable "deploy_role_arn" {
  type = string
}

provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn     = var.deploy_role_arn
    session_name = "terraform"
  }
}

provider "aws" {
  alias  = "data"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/data-deploy"
  }
}

# 1. v20: the creator's entry is the only grant besides the node role.

module "platform" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.8"

  cluster_name    = "platform"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true

  access_entries = {
    nodes = {
      principal_arn = "arn:aws:iam::111122223333:role/platform-nodes"
      type          = "EC2_LINUX"
    }
  }
}

provider "kubernetes" {
  alias                  = "platform"
  host                   = module.platform.cluster_endpoint
  cluster_ca_certificate = base64decode(module.platform.cluster_certificate_authority_data)
  exec { # want eksauth_role_not_mapped `^kubernetes\.platform provider authenticates to EKS cluster module\.platform with the run's own credentials \(ambient credentials of aws eks get-token\), which the cluster does not let in: only node roles and arn:aws:iam::111122223333:role/platform-deploy \(assume_role of provider aws, main\.tf:15, from var\.deploy_role_arn = terraform\.tfvars\) get in, through enable_cluster_creator_admin_permissions \(main\.tf:37\), .* add "--role-arn", "arn:aws:iam::111122223333:role/platform-deploy" to the exec args$`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.platform.cluster_name, "--region", "eu-west-1"]
  }
}

# 2. v21, applied through aws.data; helm v3 writes its connection as an
# object.

module "data" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  providers = {
    aws = aws.data
  }

  name               = "data"
  kubernetes_version = "1.33"

  enable_cluster_creator_admin_permissions = true
}

provider "helm" {
  alias = "data"
  kubernetes = {
    host                   = module.data.cluster_endpoint
    cluster_ca_certificate = base64decode(module.data.cluster_certificate_authority_data)
    exec = { # want eksauth_role_not_mapped `^helm\.data provider authenticates to EKS cluster module\.data with the run's own credentials .* only node roles and arn:aws:iam::111122223333:role/data-deploy \(assume_role of provider aws\.data, main\.tf:24\) get in, through enable_cluster_creator_admin_permissions \(main\.tf:72\)`
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.data.cluster_name]
    }
  }
}

# 3. v20 that also grants an operators role: the run's own credentials
# may be it, so only a warning; helm v2 writes a nested block.

module "apps" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.8"

  cluster_name    = "apps"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true

  access_entries = {
    operators = {
      principal_arn = "arn:aws:iam::111122223333:role/operators"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

provider "helm" {
  alias = "apps"
  kubernetes {
    host                   = module.apps.cluster_endpoint
    cluster_ca_certificate = base64decode(module.apps.cluster_certificate_authority_data)
    exec { # want eksauth_identity_mismatch `^helm\.apps provider authenticates to EKS cluster module\.apps with the run's own credentials \(ambient credentials of aws eks get-token\), not as arn:aws:iam::111122223333:role/platform-deploy \(assume_role of provider aws, main\.tf:15, from var\.deploy_role_arn = terraform\.tfvars\), the role the cluster is created with: two principals, each needing its own grant; .*add "--role-arn", "arn:aws:iam::111122223333:role/platform-deploy" to the exec args, or use an aws_eks_cluster_auth token`
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.apps.cluster_name]
    }
  }
}

# 4. The fix of 1 and 3: the exec assumes the deploy role itself.

provider "kubernetes" {
  alias = "platform_fixed"
  host  = module.platform.cluster_endpoint
  exec { # want-none: --role-arn of the role the AWS provider assumes
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.platform.cluster_name, "--role-arn", var.deploy_role_arn]
  }
}

provider "helm" {
  alias = "apps_fixed"
  kubernetes {
    host = module.apps.cluster_endpoint
    exec { # want-none: aws-iam-authenticator with -r of that role
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws-iam-authenticator"
      args        = ["token", "-i", module.apps.cluster_name, "-r", var.deploy_role_arn]
    }
  }
}

# 5. A profile chooses the exec's credentials: who that is, only the
# profile knows.

provider "kubernetes" {
  alias = "platform_profile"
  host  = module.platform.cluster_endpoint
  exec { # want-none: a profile of its own
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.platform.cluster_name]
    env = {
      AWS_PROFILE = "platform-admin"
    }
  }
}
