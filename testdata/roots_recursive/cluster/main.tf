# The cluster root creates the cluster and says who may in. Its grant
# findings are reported here, and never again from the app roots.
provider "aws" {}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "prod"
  cluster_version = "1.30"

  access_entries = {
    deployer = {
      principal_arn = "arn:aws:iam::111122223333:role/app-deployer"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
    viewer = {
      principal_arn = "arn:aws:iam::111122223333:role/viewer" # want eksauth_access_entry_no_permissions `module\.eks access_entries\["viewer"\] lets arn:aws:iam::111122223333:role/viewer authenticate`
    }
  }
}

output "cluster_name" {
  value = module.eks.cluster_name
}

output "cluster_endpoint" {
  value = module.eks.cluster_endpoint
}
