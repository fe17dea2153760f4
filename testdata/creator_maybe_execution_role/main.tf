# One declared execution role, a v19 cluster created in this configuration:
# the role is not mapped, which is an error unless the role created the
# cluster. The message says how to declare that.

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
  token = data.aws_eks_cluster_auth.orders.token # want eksauth_role_not_mapped `^kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::333344445555:role/pipeline \(.*\), which module\.eks aws_auth_roles does not map; only the principal that created the cluster has implicit access; .*; if arn:aws:iam::333344445555:role/pipeline created this cluster, list it in cluster_creator_arns$`
}
