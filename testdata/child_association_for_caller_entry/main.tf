# The root writes the cluster and the viewer's access entry; a local
# child module attaches the entry's policy. The entry is not without
# permissions: no finding is due.
resource "aws_eks_cluster" "this" {
  name     = "shop"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "viewer" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = "arn:aws:iam::111122223333:role/viewer" # want-none: module.viewer_policy attaches its policy
}

module "viewer_policy" {
  source        = "./modules/policy"
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_eks_access_entry.viewer.principal_arn
}
