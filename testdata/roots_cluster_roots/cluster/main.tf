terraform {
  backend "s3" {
    bucket = "acme-tfstate"
    key    = "cluster/prod.tfstate"
  }
}

variable "deployer_role" {
  type = string
}

resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-service"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "deployer" {
  cluster_name  = aws_eks_cluster.prod.name
  principal_arn = var.deployer_role
}

resource "aws_eks_access_policy_association" "deployer" {
  cluster_name  = aws_eks_cluster.prod.name
  principal_arn = var.deployer_role
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}
