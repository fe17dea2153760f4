# The aws-auth ConfigMap in the forms people write it: jsonencode, a YAML
# heredoc with interpolations, data from a local, the 0.11 data block. Each
# is bound to the cluster of the kubernetes provider it is applied with.

resource "aws_eks_cluster" "this" {
  name     = "forms"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

module "iam" {
  source = "./iam"
}

variable "account_id" {
  default = "111122223333"
}

locals {
  aws_auth = {
    mapUsers = yamlencode([{ userarn = "arn:aws:iam::${var.account_id}:user/alice", username = "alice", groups = ["system:masters"] }])
  }
}

resource "kubernetes_config_map" "json" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = jsonencode([{ rolearn = "arn:aws:iam::111122223333:role/json", username = "json", groups = ["system:masters"] }])
  }
}

resource "kubernetes_config_map_v1" "heredoc" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    "mapRoles" = <<-EOT
      # Nodes, then people.
      - rolearn: ${module.iam.node_role_arn}
        username: system:node:{{EC2PrivateDNSName}}
        groups:
          - system:bootstrappers
          - system:nodes
      - rolearn: arn:aws:iam::${var.account_id}:role/heredoc
        username: heredoc
        groups:
          - system:masters
    EOT
  }
}

resource "kubernetes_config_map_v1_data" "from_local" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = local.aws_auth
}

resource "kubernetes_config_map" "legacy_block" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data {
    mapRoles = <<YAML
- rolearn: arn:aws:iam::111122223333:role/legacy
  username: legacy
  groups: [system:masters]
YAML
  }
}

resource "kubernetes_config_map" "other_namespace" {
  metadata {
    name      = "aws-auth"
    namespace = "default"
  }
  data = {
    mapRoles = yamlencode([{ rolearn = "arn:aws:iam::111122223333:role/ignored", groups = ["system:masters"] }])
  }
}

provider "kubernetes" {
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.this.token
}

data "aws_eks_cluster_auth" "this" {
  provider = aws.ci
  name     = aws_eks_cluster.this.name
}

provider "aws" {
  alias = "ci"
  assume_role {
    role_arn = var.role # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/ignored \(assume_role of provider aws\.ci, from var\.role = default\), which none of kubernetes_config_map_v1_data\.from_local mapUsers, kubernetes_config_map\.json mapRoles, kubernetes_config_map_v1\.heredoc mapRoles, kubernetes_config_map\.legacy_block mapRoles maps`
  }
}

variable "role" {
  default = "arn:aws:iam::111122223333:role/ignored"
}

# Each of these is mapped by one of the forms above.
provider "aws" {
  alias = "json"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/json" # want-none
  }
}

provider "aws" {
  alias = "heredoc"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/heredoc" # want-none
  }
}

provider "aws" {
  alias = "legacy"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/legacy" # want-none
  }
}

data "aws_eks_cluster_auth" "json" {
  provider = aws.json
  name     = aws_eks_cluster.this.name
}

data "aws_eks_cluster_auth" "heredoc" {
  provider = aws.heredoc
  name     = aws_eks_cluster.this.name
}

ephemeral "aws_eks_cluster_auth" "legacy" {
  provider = aws.legacy
  name     = aws_eks_cluster.this.name
}

provider "kubernetes" {
  alias = "json"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.json.token
}

provider "kubernetes" {
  alias = "heredoc"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.heredoc.token
}

provider "kubernetes" {
  alias = "legacy"
  host  = aws_eks_cluster.this.endpoint
  token = ephemeral.aws_eks_cluster_auth.legacy.token
}
