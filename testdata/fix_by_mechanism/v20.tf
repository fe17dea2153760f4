provider "aws" {
  alias  = "eks20"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `which module\.eks20 access_entries does not grant access to; to fix, add it to module\.eks20 access_entries, or, if this role applies the cluster, set enable_cluster_creator_admin_permissions = true \(false by default in v20: the creator has no access of its own\)$`
  }
}

module "eks20" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "v20"
  cluster_version = "1.30"

  access_entries = {
    deployer = {
      principal_arn = "arn:aws:iam::111122223333:role/deployer"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

data "aws_eks_cluster_auth" "eks20" {
  provider = aws.eks20
  name     = module.eks20.cluster_name
}

provider "kubernetes" {
  alias = "eks20"
  host  = module.eks20.cluster_endpoint
  token = data.aws_eks_cluster_auth.eks20.token
}
