# Twin of aws_static_keys: the keys only start an assume_role, and the
# assumed role has an access entry, so nothing is reported, ci-runner's
# missing entry included: ci-runner never signs the token.

variable "deploy_access_key" {
  type = string
}

variable "deploy_secret_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  region     = "eu-central-1"
  access_key = var.deploy_access_key # want-none
  secret_key = var.deploy_secret_key
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer"
  }
}

resource "aws_eks_cluster" "orders" {
  name     = "orders"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "deployer" {
  cluster_name      = aws_eks_cluster.orders.name
  principal_arn     = "arn:aws:iam::111122223333:role/deployer"
  kubernetes_groups = ["deployers"]
}

data "aws_eks_cluster_auth" "orders" {
  name = aws_eks_cluster.orders.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.orders.endpoint
  token = data.aws_eks_cluster_auth.orders.token # want-none
}
