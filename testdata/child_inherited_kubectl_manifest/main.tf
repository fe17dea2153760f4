# A local child writes aws-auth through a kubectl_manifest with the kubectl
# provider it inherits from this module (it configures none). Its
# manifest is not read, so the cluster's answer stays open: no certain
# finding that role/ci is not mapped, although the eks module's own list
# names only role/admin.
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
