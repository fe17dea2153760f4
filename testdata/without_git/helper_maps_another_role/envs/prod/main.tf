# The twin of helper_writes_aws_auth whose helper maps another role: its
# ConfigMap is read and attached to module.eks, so the role CI runs as is
# not mapped, an error, rather than an answer left open because the helper
# writes aws-auth.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci-runner" # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/ci-runner .*which module\.aws_auth\.kubernetes_config_map_v1_data\.aws_auth mapRoles .*does not map`
  }
}
module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "19.21.0"
  cluster_name = "prod"
}
module "aws_auth" {
  source           = "../../modules/aws-auth"
  cluster_name     = module.eks.cluster_name
  cluster_endpoint = module.eks.cluster_endpoint
  deployer_arn     = "arn:aws:iam::111122223333:role/deployer"
}
data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}
provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token # want-none: decided, not hidden
}
