# The cluster is created in one local child; its kubernetes provider lives
# two levels down in another, which gets the cluster name and the role
# from the root. The root run follows both and reports once, on the line
# of the grandchild that runs get-token.
module "cluster" {
  source = "./modules/cluster"
  name   = "prod"
}

module "platform" {
  source       = "./modules/platform"
  cluster_name = module.cluster.name
  role_arn     = "arn:aws:iam::111122223333:role/ci"
}

# The granted twin: the deployer role has an access entry.
module "platform_granted" {
  source       = "./modules/platform"
  cluster_name = module.cluster.name
  role_arn     = "arn:aws:iam::111122223333:role/deployer" # want-none
}
