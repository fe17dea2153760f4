# The clean twin of external_access_entry: the same grants to a cluster
# another configuration creates, written the way EKS accepts them. Nothing
# is reported, and no verdict is given about a cluster defined elsewhere.

variable "cluster_name" {
  type    = string
  default = "prod"
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer" # want-none
  }
}

data "aws_eks_cluster" "prod" {
  name = var.cluster_name
}

data "aws_eks_cluster_auth" "prod" {
  name = var.cluster_name
}

provider "kubernetes" {
  host                   = data.aws_eks_cluster.prod.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.prod.certificate_authority[0].data)
  token                  = data.aws_eks_cluster_auth.prod.token # want-none
}

resource "aws_eks_access_entry" "admins" { # want-none: a policy instead of system:masters
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/platform-admin"
}

resource "aws_eks_access_policy_association" "admins" {
  cluster_name  = "prod"
  principal_arn = aws_eks_access_entry.admins.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "session" {
  cluster_name      = data.aws_eks_cluster.prod.name
  principal_arn     = "arn:aws:iam::111122223333:role/deployer" # want-none: the role, not its session
  kubernetes_groups = ["deployers"]
}

data "terraform_remote_state" "platform" {
  backend = "s3"
  config = {
    bucket = "tfstate"
    key    = "platform.tfstate"
    region = "eu-west-1"
  }
}

resource "aws_eks_access_entry" "viewer" { # want-none: its policy is associated through the remote-state name too
  cluster_name  = data.terraform_remote_state.platform.outputs.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/viewer"
}

resource "aws_eks_access_policy_association" "viewer" {
  cluster_name  = data.terraform_remote_state.platform.outputs.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/viewer"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}
