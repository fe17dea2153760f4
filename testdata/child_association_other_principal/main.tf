# The twin of child_association_from_caller, with the cluster's name
# written in the wrapper: the wrapper is read as a child module, and its
# one association is for another role than the viewer's entry, so that
# entry grants nothing.
module "eks" {
  source = "./modules/eks"
  access_entries = {
    viewer = { principal_arn = "arn:aws:iam::111122223333:role/viewer" } # the entry the wrapper reports below
  }
  access_entries_policies = {
    admin = {
      principal_arn = "arn:aws:iam::111122223333:role/admin"
      policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    }
  }
}
