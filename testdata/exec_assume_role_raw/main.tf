# Raw resources, alekc/kubectl. A cluster without the creator's bootstrap
# binding whose only access entry is the deploy role lets nobody else in:
# an exec that ignores the deploy role is refused. With the bootstrap
# binding (the EKS default) the creator might be the run's own
# credentials, so that is only a warning.

terraform {
  required_providers {
    kubectl = {
      source = "alekc/kubectl"
    }
  }
}

provider "aws" {
  alias = "deploy"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}

resource "aws_eks_cluster" "locked" {
  provider = aws.deploy
  name     = "locked"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}

resource "aws_eks_access_entry" "deploy" {
  provider      = aws.deploy
  cluster_name  = aws_eks_cluster.locked.name
  principal_arn = "arn:aws:iam::111122223333:role/deploy"
}

resource "aws_eks_access_policy_association" "deploy" {
  provider      = aws.deploy
  cluster_name  = aws_eks_cluster.locked.name
  principal_arn = aws_eks_access_entry.deploy.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

provider "kubectl" {
  alias            = "locked"
  host             = aws_eks_cluster.locked.endpoint
  load_config_file = false
  exec { # want eksauth_role_not_mapped `^kubectl\.locked provider authenticates to EKS cluster aws_eks_cluster\.locked with the run's own credentials \(ambient credentials of aws eks get-token\), which the cluster does not let in: only node roles and arn:aws:iam::111122223333:role/deploy \(assume_role of provider aws\.deploy, main\.tf:18\) get in, through aws_eks_access_entry\.deploy \(main\.tf:38\),`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.locked.name]
  }
}

resource "aws_eks_cluster" "shared" {
  provider = aws.deploy
  name     = "shared"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

provider "kubectl" {
  alias            = "shared"
  host             = aws_eks_cluster.shared.endpoint
  load_config_file = false
  exec { # want eksauth_identity_mismatch `^kubectl\.shared provider authenticates to EKS cluster aws_eks_cluster\.shared with the run's own credentials .*, not as arn:aws:iam::111122223333:role/deploy \(assume_role of provider aws\.deploy, main\.tf:18\), the role the cluster is created with`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.shared.name]
  }
}

provider "kubectl" {
  alias            = "profile"
  host             = aws_eks_cluster.locked.endpoint
  load_config_file = false
  exec { # want-none: --profile chooses credentials nobody can name from here
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["--profile", "deploy", "eks", "get-token", "--cluster-name", aws_eks_cluster.locked.name]
  }
}

# No assume_role on the cluster's AWS provider: the exec is the same
# principal as the rest of the run.

resource "aws_eks_cluster" "plain" {
  name     = "plain"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

provider "kubectl" {
  alias            = "plain"
  host             = aws_eks_cluster.plain.endpoint
  load_config_file = false
  exec { # want-none: the AWS provider assumes no role
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.plain.name]
  }
}
