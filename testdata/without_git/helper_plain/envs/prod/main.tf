# A checkout without .git (an exported tree, a CI artifact) whose module
# calls a helper two directories up. tflint reads that helper as a local
# module, and so does eksauth: it writes no aws-auth, so the role CI runs
# as, which aws_auth_roles does not map, is an error, not an open answer.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci-runner" # want eksauth_role_not_mapped "as arn:aws:iam::111122223333:role/ci-runner .*which module.eks aws_auth_roles does not map"
  }
}
module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "19.21.0"
  cluster_name              = "prod"
  manage_aws_auth_configmap = true
  aws_auth_roles            = [{ rolearn = "arn:aws:iam::111122223333:role/nodes", username = "system:node:{{EC2PrivateDNSName}}", groups = ["system:nodes"] }]
}
module "helper" {
  source       = "../../modules/helper"
  cluster_name = module.eks.cluster_name
}
data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}
provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
