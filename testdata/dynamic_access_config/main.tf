# access_config written as a dynamic block: whether it exists, and which
# authentication_mode it sets, depends on its for_each, so the mode is not
# known. It must not be read as the default CONFIG_MAP, which ignores the
# access entry below and would report a role that is let in. The static
# twin, which does say CONFIG_MAP, is reported.

variable "api" {
  type    = bool
  default = true
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `^kubernetes\.static provider authenticates to EKS cluster aws_eks_cluster\.static as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws\), which no aws-auth mapping or access entry of the cluster lets in \(aws_eks_access_entry\.static lists it, but authentication_mode is CONFIG_MAP, which ignores access entries\)`
  }
}

resource "aws_eks_cluster" "dynamic" {
  name     = "dynamic"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  dynamic "access_config" {
    for_each = var.api ? [1] : []
    content {
      authentication_mode = "API"
    }
  }
}

resource "aws_eks_access_entry" "dynamic" {
  cluster_name  = aws_eks_cluster.dynamic.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}

resource "aws_eks_access_policy_association" "dynamic" {
  cluster_name  = aws_eks_cluster.dynamic.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

data "aws_eks_cluster_auth" "dynamic" {
  name = aws_eks_cluster.dynamic.name
}

provider "kubernetes" {
  alias = "dynamic"
  host  = aws_eks_cluster.dynamic.endpoint
  token = data.aws_eks_cluster_auth.dynamic.token # want-none: the mode is not known, and the access entry may count
}

resource "aws_eks_cluster" "static" {
  name     = "static"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "CONFIG_MAP"
  }
}

resource "aws_eks_access_entry" "static" {
  cluster_name  = aws_eks_cluster.static.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}

resource "aws_eks_access_policy_association" "static" {
  cluster_name  = aws_eks_cluster.static.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

data "aws_eks_cluster_auth" "static" {
  name = aws_eks_cluster.static.name
}

provider "kubernetes" {
  alias = "static"
  host  = aws_eks_cluster.static.endpoint
  token = data.aws_eks_cluster_auth.static.token
}
