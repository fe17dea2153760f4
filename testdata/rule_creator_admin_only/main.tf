# enable_cluster_creator_admin_permissions grants cluster admin to whoever
# runs the apply, and the next apply as another principal moves that entry
# (terraform-aws-eks 2911, 3400). With plan and apply running as different
# roles (.tflint.hcl execution_roles), each role is "granted" on its own
# run and locked out after the other's.

provider "aws" {
  region = "eu-west-1"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "creator"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  exec { # want eksauth_creator_admin_only `^kubernetes provider reaches EKS cluster module\.eks as arn:aws:iam::111122223333:role/tfc-plan only through enable_cluster_creator_admin_permissions, as the principal that applies it \(main\.tf:18\), which belongs to one principal at a time, while 2 execution roles apply the cluster \(arn:aws:iam::111122223333:role/tfc-apply, arn:aws:iam::111122223333:role/tfc-plan\): whichever does not hold it is locked out` eksauth_creator_admin_only `^kubernetes provider reaches EKS cluster module\.eks as arn:aws:iam::111122223333:role/tfc-apply only through enable_cluster_creator_admin_permissions`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
}

# The fix: an access entry for each role; the creator grant is then only
# a convenience.

module "granted" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "granted"
  kubernetes_version = "1.33"

  enable_cluster_creator_admin_permissions = true

  access_entries = {
    plan = {
      principal_arn = "arn:aws:iam::111122223333:role/tfc-plan"
      policy_associations = {
        view = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
    apply = {
      principal_arn = "arn:aws:iam::111122223333:role/tfc-apply"
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
  alias = "granted"
  kubernetes {
    host = module.granted.cluster_endpoint
    exec { # want-none: each role has an access entry
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.granted.cluster_name]
    }
  }
}

# One role in every run: the cluster is created and reached through the
# same assume_role, so the creator grant never moves. A second AWS provider
# that only signs a viewer's token does not apply the cluster: it is no
# second execution role.

provider "aws" {
  alias  = "platform"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/platform"
  }
}

module "platform" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  providers = {
    aws = aws.platform
  }

  cluster_name    = "platform"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true

  access_entries = {
    viewer = {
      principal_arn = "arn:aws:iam::111122223333:role/viewer"
      policy_associations = {
        view = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

data "aws_eks_cluster_auth" "platform" {
  provider = aws.platform
  name     = module.platform.cluster_name
}

provider "kubernetes" {
  alias = "platform"
  host  = module.platform.cluster_endpoint
  token = data.aws_eks_cluster_auth.platform.token # want-none: one role applies the cluster in every run
}

provider "aws" {
  alias  = "viewer"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/viewer"
  }
}

data "aws_eks_cluster_auth" "platform_viewer" {
  provider = aws.viewer
  name     = module.platform.cluster_name
}

provider "kubernetes" {
  alias = "platform_viewer"
  host  = module.platform.cluster_endpoint
  token = data.aws_eks_cluster_auth.platform_viewer.token # want-none: granted by its access entry
}

# A raw cluster keeps its creator's implicit admin binding: only the role
# that created it (cluster_creator_arns) gets in.

resource "aws_eks_cluster" "legacy" {
  name     = "legacy"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API_AND_CONFIG_MAP"
    bootstrap_cluster_creator_admin_permissions = true
  }
}

provider "kubectl" {
  host             = aws_eks_cluster.legacy.endpoint
  load_config_file = false
  exec { # want eksauth_creator_admin_only `^kubectl provider reaches EKS cluster aws_eks_cluster\.legacy as arn:aws:iam::111122223333:role/tfc-apply only through the cluster creator's implicit access \(cluster_creator_arns\) \(main\.tf:157\), which belongs to one principal at a time, while 2 execution roles apply the cluster \(arn:aws:iam::111122223333:role/tfc-apply, arn:aws:iam::111122223333:role/tfc-plan\)` eksauth_role_not_mapped `^kubectl provider authenticates to EKS cluster aws_eks_cluster\.legacy as arn:aws:iam::111122223333:role/tfc-plan \(ambient credentials of aws eks get-token, declared in plugin config execution_roles\), which no aws-auth mapping or access entry of the cluster lets in`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.legacy.name]
  }
}

terraform {
  required_providers {
    kubectl = {
      source  = "gavinbunney/kubectl"
      version = ">= 1.14"
    }
  }
}
