# The token is signed by the AWS provider its data source names with the
# provider meta-argument, not by the default one.

provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "eks"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/eks-deployer" # want eksauth_role_not_mapped `kubernetes\.eks provider authenticates to EKS cluster aws_eks_cluster\.main as arn:aws:iam::111122223333:role/eks-deployer \(assume_role of provider aws\.eks\), which aws_eks_access_entry\.admin does not grant access to`
  }
}

provider "aws" {
  alias  = "audit"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/auditor" # want-none: no Kubernetes provider signs with it
  }
}

resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1", "subnet-2"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "admin" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = "arn:aws:iam::111122223333:role/admin"
  kubernetes_groups = ["platform-admins"]
}

data "aws_eks_cluster_auth" "main" {
  provider = aws.eks
  name     = aws_eks_cluster.main.name
}

provider "kubernetes" {
  alias = "eks"
  host  = aws_eks_cluster.main.endpoint
  token = data.aws_eks_cluster_auth.main.token
}
