# The twin of child_grant_twice with every value right: two calls of one
# local module, each with its own arguments, stay silent in the root run
# and in both runs of the module.
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
  groups        = ["alpha"]       # want-none
  extra_groups  = ["alpha-extra"] # want-none
}

module "beta" {
  source        = "./modules/team"
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = "arn:aws:iam::111122223333:role/beta"
  groups        = ["beta"]         # want-none
  viewer_groups = ["beta-viewers"] # want-none
}
