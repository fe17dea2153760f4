# Twin of unverified_auth_said_once: the token is signed by the runners'
# own credentials and the module pins its release, whose access entries let
# both runners in. Nothing is left to verify.

provider "aws" {
  region = "eu-west-1"
}

resource "aws_eks_cluster" "billing" {
  name     = "billing"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "runners" {
  for_each          = toset(["ci-runner", "cd-runner"])
  cluster_name      = aws_eks_cluster.billing.name
  principal_arn     = "arn:aws:iam::111122223333:role/${each.key}"
  kubernetes_groups = ["deployers"]
}

data "aws_eks_cluster_auth" "billing" {
  name = aws_eks_cluster.billing.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.billing.endpoint
  token = data.aws_eks_cluster_auth.billing.token # want-none
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "20.24.0"
  cluster_name    = "payments"
  cluster_version = "1.30"
  access_entries = {
    for r in ["ci-runner", "cd-runner"] : r => {
      principal_arn = "arn:aws:iam::111122223333:role/${r}"
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
  kubernetes {
    host = module.eks.cluster_endpoint
    exec { # want-none
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
    }
  }
}
