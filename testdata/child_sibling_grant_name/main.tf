# Reading module.a looks for the cluster it names among this module's
# children, and so reads module.b first: module.b's access entry for
# this module's cluster is module.b's, and messages name it so, not as
# module.a's.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `which module\.b\.aws_eks_access_entry\.y does not grant access to; .*\(like module\.b\.aws_eks_access_entry\.y\)`
  }
}
resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  access_config {
    authentication_mode = "API"
  }
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}
data "aws_eks_cluster_auth" "this" {
  name = aws_eks_cluster.prod.name
}
provider "kubernetes" {
  host  = aws_eks_cluster.prod.endpoint
  token = data.aws_eks_cluster_auth.this.token
}
variable "other" {
  type = string
}
module "a" {
  source       = "./modules/a"
  cluster_name = var.other
}
module "b" {
  source       = "./modules/b"
  cluster_name = aws_eks_cluster.prod.name
}
