# Shapes eksauth must read without a crash and without a guess. The only
# certain findings here are marked.

variable "roles" {
  default = ["arn:aws:iam::111122223333:role/a"]
}

provider "aws" {
  alias = "dynamic"
  dynamic "assume_role" {
    for_each = var.roles
    content {
      role_arn = assume_role.value
    }
  }
}

provider "aws" {
  alias = "numeric"
  assume_role {
    role_arn = 42 # want-none: not an ARN, Terraform would fail first
  }
}

provider "aws" {
  alias = "list"
  assume_role {
    role_arn = var.roles # want-none: a list where a string belongs
  }
}

provider "aws" {
  alias                 = "odd"
  made_up_argument      = true
  another_one           = { nested = [1, 2, 3] }
  forbidden_account_ids = "not-a-list"
}

resource "aws_eks_cluster" "this" {
  name = "adversarial"
  access_config {
    authentication_mode = "API_AND_CONFIG_MAP"
  }
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  provider = kubernetes.dynamic_exec
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = "- rolearn: [unclosed" # want eksauth_aws_auth_ignored `mapRoles is not valid YAML`
  }
}

data "aws_eks_cluster_auth" "counted" {
  count    = length(var.roles)
  provider = aws.numeric
  name     = aws_eks_cluster.this.name
}

data "aws_eks_cluster_auth" "listed" {
  for_each = toset(var.roles)
  provider = aws.list
  name     = aws_eks_cluster.this.name
}

data "aws_eks_cluster_auth" "dyn" {
  provider = aws.dynamic
  name     = aws_eks_cluster.this.name
}

provider "kubernetes" {
  alias = "dynamic_exec"
  host  = aws_eks_cluster.this.endpoint
  dynamic "exec" {
    for_each = [1]
    content {
      command = "aws"
      args    = ["eks", "get-token", "--cluster-name", aws_eks_cluster.this.name]
    }
  }
}

provider "kubernetes" {
  alias = "splat"
  host  = aws_eks_cluster.this.endpoint
  token = one(data.aws_eks_cluster_auth.counted[*].token)
}

provider "kubernetes" {
  alias = "for_each"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.listed["arn:aws:iam::111122223333:role/a"].token
}

provider "helm" {
  alias = "dynamic_role"
  kubernetes {
    host  = aws_eks_cluster.this.endpoint
    token = data.aws_eks_cluster_auth.dyn.token
  }
}

provider "kubectl" {
  alias            = "nested"
  load_config_file = false
  host             = aws_eks_cluster.this.endpoint
  token            = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0] # want eksauth_static_token `kubectl\.nested provider authenticates to EKS cluster aws_eks_cluster\.this with a static token from a literal`
}

module "eks" {
  source   = "terraform-aws-modules/eks/aws"
  version  = "~> 20.0"
  for_each = toset(["blue", "green"])

  cluster_name = "c-${each.key}"
  access_entries = {
    admin = {
      principal_arn     = "arn:aws:iam::111122223333:role/admin"
      kubernetes_groups = ["admins"]
    }
  }
}

module "inner" {
  source = "./modules/inner"
  role   = "arn:aws:iam::111122223333:role/inner"
}

terraform {
  required_providers {
    kubectl = {
      source = "alekc/kubectl"
    }
  }
}
