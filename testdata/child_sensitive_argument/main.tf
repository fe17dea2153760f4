# The caller passes a role ARN literal to a child variable the child
# declares sensitive. Terraform marks the value inside the child whoever
# sets it, so it is never printed and decides nothing, even though the
# cluster does not grant that role.
resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}

resource "aws_eks_access_entry" "admin" {
  cluster_name      = aws_eks_cluster.this.name
  principal_arn     = "arn:aws:iam::111122223333:role/admin"
  kubernetes_groups = ["platform-admins"]
}

module "apps" {
  source       = "./modules/apps"
  cluster_name = aws_eks_cluster.this.name
  role_arn     = "arn:aws:iam::111122223333:role/secret-deployer" # want-none: sensitive in the child
}
