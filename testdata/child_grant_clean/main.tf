# The twins of child_grant_once and child_grant_nested with every entry
# right: a child and a grandchild writing access entries for the root's
# cluster stay silent in both the root run and their own runs.
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

module "access" {
  source       = "./modules/access"
  cluster_name = aws_eks_cluster.this.name
  deployer_arn = "arn:aws:iam::111122223333:role/deployer" # want-none
}

module "platform" {
  source       = "./modules/platform"
  cluster_name = aws_eks_cluster.this.name
  deployer_arn = "arn:aws:iam::111122223333:role/deployer" # want-none
}
