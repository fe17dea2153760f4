provider "aws" {
  alias  = "eks21"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `^helm\.eks21 provider authenticates to EKS cluster module\.eks21 as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws\.eks21\), which module\.eks21 access_entries does not grant access to; to fix, add it to module\.eks21 access_entries, or, if this role applies the cluster, set enable_cluster_creator_admin_permissions = true \(false by default in v21: the creator has no access of its own\)$`
  }
}

module "eks21" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "v21"
  kubernetes_version = "1.33"

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

data "aws_eks_cluster_auth" "eks21" {
  provider = aws.eks21
  name     = module.eks21.cluster_name
}

provider "helm" {
  alias = "eks21"
  kubernetes = {
    host  = module.eks21.cluster_endpoint
    token = data.aws_eks_cluster_auth.eks21.token
  }
}
