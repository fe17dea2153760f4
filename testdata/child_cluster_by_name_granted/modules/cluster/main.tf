# A wrapper: the cluster is terraform-aws-modules/eks v20, whose creator
# has no access of its own unless enable_cluster_creator_admin_permissions
# says so, and whose access entries are the wrapper's admins.

variable "cluster_name" {
  type = string
}

variable "admins" {
  type    = map(any)
  default = {}
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "20.24.0"
  cluster_name    = var.cluster_name
  cluster_version = "1.30"
  access_entries  = var.admins
}
