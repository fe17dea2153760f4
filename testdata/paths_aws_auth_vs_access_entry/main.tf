# STS presents a role without its IAM path. aws-auth compares that
# path-less ARN with rolearn, so an SSO role written with its path never
# matches; an access entry accepts the path.

provider "aws" {
  alias = "sso"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef" # want eksauth_role_not_mapped `kubernetes\.legacy provider authenticates to EKS cluster aws_eks_cluster\.legacy as arn:aws:iam::111122223333:role/aws-reserved/sso\.amazonaws\.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef .*which kubernetes_config_map\.aws_auth mapRoles does not map \(kubernetes_config_map\.aws_auth mapRoles\[0\] lists it with its IAM path, which aws-auth never matches\)`
  }
}

resource "aws_eks_cluster" "legacy" {
  name     = "legacy"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "kubernetes_config_map" "aws_auth" {
  provider = kubernetes.legacy
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([
      {
        rolearn  = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef" # want eksauth_role_arn_path `^kubernetes_config_map\.aws_auth mapRoles\[0\] for EKS cluster aws_eks_cluster\.legacy writes arn:aws:iam::111122223333:role/aws-reserved/sso\.amazonaws\.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef with the IAM path /aws-reserved/sso\.amazonaws\.com/eu-west-1/: aws-auth compares the path-less ARN STS presents, so it never matches; write arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef$`
        username = "sso-admin"
        groups   = ["system:masters"]
      },
    ])
  }
}

data "aws_eks_cluster_auth" "legacy" {
  provider = aws.sso
  name     = aws_eks_cluster.legacy.name
}

provider "kubernetes" {
  alias = "legacy"
  host  = aws_eks_cluster.legacy.endpoint
  token = data.aws_eks_cluster_auth.legacy.token
}

# The same role, granted by an access entry written with its path: allowed.

resource "aws_eks_cluster" "modern" {
  name     = "modern"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API_AND_CONFIG_MAP"
  }
}

resource "aws_eks_access_entry" "sso" {
  cluster_name  = aws_eks_cluster.modern.name
  principal_arn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef"
}

resource "aws_eks_access_policy_association" "sso" {
  cluster_name  = aws_eks_cluster.modern.name
  principal_arn = aws_eks_access_entry.sso.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

data "aws_eks_cluster_auth" "modern" {
  provider = aws.sso
  name     = aws_eks_cluster.modern.name
}

provider "kubernetes" {
  alias = "modern"
  host  = aws_eks_cluster.modern.endpoint
  token = data.aws_eks_cluster_auth.modern.token
}
