provider "aws" {
  alias  = "eks20_bare"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want-none: granted as the fix says
  }
}

module "eks20_bare" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "v20-bare"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true
}

data "aws_eks_cluster_auth" "eks20_bare" {
  provider = aws.eks20_bare
  name     = module.eks20_bare.cluster_name
}

provider "kubernetes" {
  alias = "eks20_bare"
  host  = module.eks20_bare.cluster_endpoint
  token = data.aws_eks_cluster_auth.eks20_bare.token
}
