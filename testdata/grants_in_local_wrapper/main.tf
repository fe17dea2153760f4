# A local wrapper around terraform-aws-modules/eks may set its own defaults
# (here manage_aws_auth_configmap = true inside the wrapper): absent flags
# are unknown, not the registry module's defaults.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
module "eks" {
  source          = "./modules/eks"
  cluster_name    = "prod"
  cluster_version = "1.27"
  vpc_id          = "vpc-123"
  aws_auth_roles  = [{ rolearn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["system:masters"] }]
}
data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}
provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
