# The root creates the cluster; a local child module holds the kubernetes
# provider, and learns the cluster and the role it signs tokens with from
# its call. The verdict is reported once, by the root run, on the child's
# line that chooses the role, naming the call it is about.
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "prod"
  cluster_version = "1.30"
  vpc_id          = "vpc-123"
  subnet_ids      = ["subnet-1"]

  authentication_mode = "API"
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

# The cluster by reference: ci is not granted.
module "apps" {
  source       = "./modules/apps"
  cluster_name = module.eks.cluster_name
  role_arn     = "arn:aws:iam::111122223333:role/ci"
}

# The cluster by its name: the same.
module "apps_by_name" {
  source       = "./modules/apps"
  cluster_name = "prod"
  role_arn     = "arn:aws:iam::111122223333:role/ci"
}

# The granted twin: deployer has an access entry.
module "apps_granted" {
  source       = "./modules/apps"
  cluster_name = module.eks.cluster_name
  role_arn     = "arn:aws:iam::111122223333:role/deployer" # want-none
}

# A call with for_each is not followed: which instances exist, and with
# which arguments, is not read, so nothing is said about them.
module "apps_each" {
  source       = "./modules/apps"
  for_each     = toset(["a", "b"])
  cluster_name = module.eks.cluster_name
  role_arn     = "arn:aws:iam::111122223333:role/ci" # want-none
}
