# cluster_creator_arns says the deploy role created the cluster, whose
# bootstrap binding (the EKS default) is then the only way in: an exec that
# ignores the deploy role is refused, and the deploy role's own token is
# let in.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}

resource "aws_eks_cluster" "this" {
  name     = "bootstrap"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API_AND_CONFIG_MAP"
    bootstrap_cluster_creator_admin_permissions = true
  }
}

provider "kubernetes" {
  host = aws_eks_cluster.this.endpoint
  exec { # want eksauth_role_not_mapped `^kubernetes provider authenticates to EKS cluster aws_eks_cluster\.this with the run's own credentials \(ambient credentials of aws eks get-token\), which the cluster does not let in: only node roles and arn:aws:iam::111122223333:role/deploy \(assume_role of provider aws, main\.tf:8\) get in, through the creator's implicit admin binding \(cluster_creator_arns\),`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.this.name]
  }
}

data "aws_eks_cluster_auth" "this" {
  name = aws_eks_cluster.this.name
}

provider "helm" {
  kubernetes {
    host  = aws_eks_cluster.this.endpoint
    token = data.aws_eks_cluster_auth.this.token # want-none: the deploy role created the cluster; the exec above is reported once
  }
}
