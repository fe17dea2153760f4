provider "aws" {
  alias  = "eks20_bare"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `which no aws-auth mapping or access entry of the cluster lets in; to fix, add an access entry for arn:aws:iam::111122223333:role/ci to module\.eks20_bare access_entries, or, if this role applies the cluster, set enable_cluster_creator_admin_permissions = true \(now false at v20_no_creator\.tf:16: the creator has no access of its own\)$`
  }
}

module "eks20_bare" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "v20-bare"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = false
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
