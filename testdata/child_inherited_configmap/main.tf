# A local child writes aws-auth as a kubernetes_config_map_v1_data with
# the kubernetes provider it inherits from this module: the child cannot
# tell that cluster, so its caller's answers stay open, as for a manifest.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "19.21.0"
  cluster_name    = "prod"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/admin"
      username = "admin"
      groups   = ["system:masters"]
    },
  ]
}
data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}
provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token # want-none: hidden by module.auth
}
provider "kubectl" {
  host             = module.eks.cluster_endpoint
  token            = data.aws_eks_cluster_auth.this.token # want-none: hidden by module.auth
  load_config_file = false
}
module "auth" {
  source = "./modules/auth"
}
