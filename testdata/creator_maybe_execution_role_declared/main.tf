# The twin: cluster_creator_arns says the execution role created the
# cluster, so its implicit access lets it in.

provider "aws" {}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 19.21"
  cluster_name    = "orders"
  cluster_version = "1.28"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = "arn:aws:iam::333344445555:role/sre", username = "sre", groups = ["system:masters"] },
  ]
}

data "aws_eks_cluster_auth" "orders" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.orders.token # want-none
}
