# Module v21 names the cluster with name, and helm v3 writes its connection
# as an attribute: kubernetes = { exec = { ... } }.

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "v21"
  kubernetes_version = "1.33"

  access_entries = {
    admin = {
      principal_arn = "arn:aws:iam::111122223333:role/admin"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

provider "helm" {
  kubernetes = {
    host = module.eks.cluster_endpoint
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/deployer"] # want eksauth_role_not_mapped `helm provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/deployer \(--role-arn of aws eks get-token\), which module\.eks access_entries does not grant access to`
    }
  }
}

provider "helm" {
  alias = "admin"
  kubernetes = local.admin_connection
}

locals {
  admin_connection = {
    host = module.eks.cluster_endpoint
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/admin"] # want-none: granted
    }
  }
}
