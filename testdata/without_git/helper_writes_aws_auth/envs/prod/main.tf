# The twin of helper_plain whose helper, two directories up, writes the
# aws-auth ConfigMap itself, through a kubernetes provider of its own that
# signs for the cluster the call passes in, and maps the role CI runs as.
# It is read, its mapping is attached to module.eks, and nothing is
# reported.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci-runner" # want-none
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
  deployer_arn     = "arn:aws:iam::111122223333:role/ci-runner"
}
data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}
provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token # want-none
}
