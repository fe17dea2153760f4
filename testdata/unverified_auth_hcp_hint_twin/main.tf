# Twin of unverified_auth_hcp_hint: the role HCP Terraform runs as is
# declared in execution_roles, and aws-auth maps it: nothing is left
# unverified, and no hint is given.

terraform {
  cloud {
    organization = "ledgerworks"
    workspaces {
      name = "eks-prod"
    }
  }
}

resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

data "aws_eks_cluster_auth" "prod" {
  name = aws_eks_cluster.prod.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.prod.endpoint
  token = data.aws_eks_cluster_auth.prod.token # want-none
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode([
      {
        rolearn  = "arn:aws:iam::111122223333:role/tfc-prod"
        username = "tfc"
        groups   = ["system:masters"]
      },
    ])
  }
}
