# An aws_eks_cluster_auth token is signed by the AWS provider, with its
# assume_role; exec runs the AWS CLI with the run's own credentials unless
# it says --role-arn. A token and an exec for the same cluster then
# authenticate as two principals (terraform-aws-eks 2481, 1264), and one of
# them usually has no grant.

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "deployer"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer"
  }
}

locals {
  admin_policy = {
    admin = {
      policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
      access_scope = { type = "cluster" }
    }
  }
  access_entries = {
    deployer = {
      principal_arn       = "arn:aws:iam::111122223333:role/deployer"
      policy_associations = local.admin_policy
    }
    ops = {
      principal_arn       = "arn:aws:iam::111122223333:role/ops"
      policy_associations = local.admin_policy
    }
  }
}

# 1. exec without --role-arn next to a token through aws.deployer.

module "apps" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "apps"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true
  access_entries                           = local.access_entries
}

provider "kubernetes" {
  alias = "apps"
  host  = module.apps.cluster_endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.apps.cluster_name]
  }
}

data "aws_eks_cluster_auth" "apps" {
  provider = aws.deployer
  name     = module.apps.cluster_name
}

provider "helm" {
  alias = "apps"
  kubernetes {
    host  = module.apps.cluster_endpoint
    token = data.aws_eks_cluster_auth.apps.token # want eksauth_identity_mismatch `^helm\.apps provider authenticates to EKS cluster module\.apps as arn:aws:iam::111122223333:role/deployer \(assume_role of provider aws\.deployer\), but kubernetes\.apps provider \(main\.tf:51\) authenticates to it as the run.s own credentials \(ambient credentials of aws eks get-token\): two principals, each needing its own grant`
  }
}

# 2. A token as deployer and an exec as ops for the same cluster.

module "data" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "data"
  kubernetes_version = "1.33"

  enable_cluster_creator_admin_permissions = true
  access_entries                           = local.access_entries
}

data "aws_eks_cluster_auth" "data" {
  provider = aws.deployer
  name     = module.data.cluster_name
}

provider "kubernetes" {
  alias = "data"
  host  = module.data.cluster_endpoint
  token = data.aws_eks_cluster_auth.data.token
}

provider "helm" {
  alias = "data"
  kubernetes = {
    host = module.data.cluster_endpoint
    exec = { # want eksauth_identity_mismatch `^helm\.data provider authenticates to EKS cluster module\.data as arn:aws:iam::111122223333:role/ops \(--role-arn of aws eks get-token\), but kubernetes\.data provider \(main\.tf:92\) authenticates to it as arn:aws:iam::111122223333:role/deployer \(assume_role of provider aws\.deployer\)`
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.data.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/ops"]
    }
  }
}

# 3. The fix for 1: exec says --role-arn with the role the token assumes.

module "web" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "web"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true
  access_entries                           = local.access_entries
}

data "aws_eks_cluster_auth" "web" {
  provider = aws.deployer
  name     = module.web.cluster_name
}

provider "kubernetes" {
  alias = "web"
  host  = module.web.cluster_endpoint
  token = data.aws_eks_cluster_auth.web.token
}

provider "helm" {
  alias = "web"
  kubernetes {
    host = module.web.cluster_endpoint
    exec { # want-none: the same role as the token
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.web.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/deployer"]
    }
  }
}

# 4. Both use the run's own credentials: the same principal.

resource "aws_eks_cluster" "batch" {
  name     = "batch"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

data "aws_eks_cluster_auth" "batch" {
  name = aws_eks_cluster.batch.name
}

provider "kubernetes" {
  alias = "batch"
  host  = aws_eks_cluster.batch.endpoint
  token = data.aws_eks_cluster_auth.batch.token
}

provider "helm" {
  alias = "batch"
  kubernetes {
    host = aws_eks_cluster.batch.endpoint
    exec { # want-none: both use the run's own credentials
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.batch.name]
    }
  }
}

# 5. Two execs with different roles: two aliases on purpose (an admin
# and an operator), not a mistake.

resource "aws_eks_cluster" "ml" {
  name     = "ml"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "ml" {
  for_each = toset(["deployer", "ops"])

  cluster_name  = aws_eks_cluster.ml.name
  principal_arn = "arn:aws:iam::111122223333:role/${each.key}"
}

resource "aws_eks_access_policy_association" "ml" {
  for_each = aws_eks_access_entry.ml

  cluster_name  = aws_eks_cluster.ml.name
  principal_arn = each.value.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

provider "kubernetes" {
  alias = "ml_admin"
  host  = aws_eks_cluster.ml.endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.ml.name, "--role-arn", "arn:aws:iam::111122223333:role/deployer"]
  }
}

provider "kubernetes" {
  alias = "ml_ops"
  host  = aws_eks_cluster.ml.endpoint
  exec { # want-none: two execs, two roles on purpose
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.ml.name, "--role-arn", "arn:aws:iam::111122223333:role/ops"]
  }
}
