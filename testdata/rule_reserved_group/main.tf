# EKS rejects access entries whose Kubernetes groups start with "system:"
# (terraform-aws-eks 2915) and user names that start with system:, eks:,
# aws:, amazon: or iam:. The same group in aws-auth is fine, and names
# that only look similar are accepted.

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "reserved"
  cluster_version = "1.30"

  access_entries = {
    # Copied from an aws-auth mapping: rejected.
    admins = {
      principal_arn     = "arn:aws:iam::111122223333:role/platform-admin"
      kubernetes_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^module\.eks access_entries\["admins"\] for EKS cluster module\.eks gives arn:aws:iam::111122223333:role/platform-admin the Kubernetes group "system:masters": EKS rejects access entry groups that start with "system:"`
    }
    # The fix: an access policy instead of system:masters.
    admins_fixed = {
      principal_arn = "arn:aws:iam::111122223333:role/platform-admin-v2"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
    # Groups that merely contain "system".
    viewers = {
      principal_arn     = "arn:aws:iam::111122223333:role/auditor"
      kubernetes_groups = ["platform-system-viewers", "system-readers"] # want-none: not a system: prefix
    }
    ci = {
      principal_arn     = "arn:aws:iam::111122223333:role/ci"
      kubernetes_groups = ["deployers"]
      user_name         = "eks:ci" # want eksauth_access_entry_reserved_group `^module\.eks access_entries\["ci"\] for EKS cluster module\.eks gives arn:aws:iam::111122223333:role/ci the user_name "eks:ci": EKS rejects user names that start with "eks:"$`
    }
  }
}

resource "aws_eks_cluster" "raw" {
  name     = "raw"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "ops" {
  cluster_name      = aws_eks_cluster.raw.name
  principal_arn     = "arn:aws:iam::111122223333:role/ops"
  kubernetes_groups = ["ops", "system:nodes"] # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.ops for EKS cluster aws_eks_cluster\.raw gives arn:aws:iam::111122223333:role/ops the Kubernetes group "system:nodes"`
  user_name         = "amazon:ops" # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.ops for EKS cluster aws_eks_cluster\.raw gives arn:aws:iam::111122223333:role/ops the user_name "amazon:ops": EKS rejects user names that start with "amazon:"$`
}

# A principal tflint cannot evaluate is named by its reference.
data "aws_iam_user" "breakglass" {
  user_name = "breakglass"
}

resource "aws_eks_access_entry" "breakglass" {
  cluster_name      = aws_eks_cluster.raw.name
  principal_arn     = data.aws_iam_user.breakglass.arn
  kubernetes_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.breakglass for EKS cluster aws_eks_cluster\.raw gives data\.aws_iam_user\.breakglass\.arn the Kubernetes group "system:masters": EKS rejects`
}

resource "aws_eks_access_entry" "deployer" {
  cluster_name      = aws_eks_cluster.raw.name
  principal_arn     = "arn:aws:iam::111122223333:role/deployer"
  kubernetes_groups = ["deployers"]
  user_name         = "deployer:{{SessionName}}" # want-none: a session-name template, no reserved prefix
}

# aws-auth has no such restriction: system:masters is the usual group there.
resource "aws_eks_cluster" "legacy" {
  name     = "legacy"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

provider "kubernetes" {
  alias = "legacy"
  host  = aws_eks_cluster.legacy.endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.legacy.name]
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
      { rolearn = "arn:aws:iam::111122223333:role/platform-admin", username = "system:admin", groups = ["system:masters"] }, # want-none: aws-auth accepts system:masters
    ])
  }
}
