# A local wrapper makes the cluster, its access entries and their policy
# associations; the caller names the cluster and lists the principals.
# The viewer's entry has its policy through the wrapper's association
# resource, for the same cluster, so no finding is due.
resource "aws_iam_role" "viewer" {
  name = "viewer"
}

module "eks" {
  source       = "./modules/eks"
  cluster_name = "shop"
  access_entries = {
    viewer = { principal_arn = aws_iam_role.viewer.arn } # want-none: the association below grants the view policy
  }
  access_entries_policies = {
    viewer = {
      principal_arn = aws_iam_role.viewer.arn
      policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
    }
  }
}
