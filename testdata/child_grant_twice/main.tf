# One local module called twice, for two teams. tflint runs the module once
# per call and keeps, in each run, only what that call passes in; the root
# run reports the rest on the module's own lines. Which run reports a
# finding depends on the call: each is decided with its own arguments, and
# a line both calls read wrong is reported there once.
resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

module "alpha" {
  source        = "./modules/team"
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = "arn:aws:iam::111122223333:role/alpha"
  groups        = ["system:masters"] # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.team for the EKS cluster named by var\.cluster_name gives arn:aws:iam::111122223333:role/alpha the Kubernetes group "system:masters": EKS rejects`
  extra_groups  = ["alpha-extra"]    # want-none: sets a fine value, so the default is not alpha's
}

module "beta" {
  source        = "./modules/team"
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = "arn:aws:iam::111122223333:role/beta"
  groups        = ["beta"]           # want-none
  viewer_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.viewer for the EKS cluster named by var\.cluster_name gives arn:aws:iam::111122223333:role/beta-viewer the Kubernetes group "system:masters": EKS rejects`
}
