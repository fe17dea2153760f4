# An aws-auth ConfigMap written by hand: a YAML heredoc kept in a local
# (the finding points where the YAML is used), and yamlencode with a role
# built from a variable (found, but not rewritten by --fix). Access
# entries accept a role with its path, but not an STS session.

variable "account_id" {
  type    = string
  default = "111122223333"
}

locals {
  map_roles_yaml = <<-YAML
    - rolearn: arn:aws:iam::111122223333:role/service-role/codebuild-deployer
      username: codebuild
      groups:
        - system:masters
    - rolearn: arn:aws:iam::111122223333:role/codebuild-runner
      username: codebuild-runner
      groups:
        - system:masters
  YAML
  sso_role       = "arn:aws:iam::${var.account_id}:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_PowerUser_fedcba9876543210"
}

resource "aws_eks_cluster" "this" {
  name     = "handwritten"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API_AND_CONFIG_MAP"
  }
}

data "aws_eks_cluster_auth" "this" {
  name = aws_eks_cluster.this.name
}

provider "kubernetes" {
  host                   = aws_eks_cluster.this.endpoint
  cluster_ca_certificate = base64decode(aws_eks_cluster.this.certificate_authority[0].data)
  token                  = data.aws_eks_cluster_auth.this.token
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = local.map_roles_yaml # want eksauth_role_arn_path `^kubernetes_config_map_v1_data\.aws_auth mapRoles\[0\] for EKS cluster aws_eks_cluster\.this writes arn:aws:iam::111122223333:role/service-role/codebuild-deployer with the IAM path /service-role/: .*; write arn:aws:iam::111122223333:role/codebuild-deployer$`
    mapUsers = yamlencode([
      {
        userarn  = local.sso_role # want eksauth_role_arn_path `^kubernetes_config_map_v1_data\.aws_auth mapUsers\[0\] for EKS cluster aws_eks_cluster\.this writes arn:aws:iam::111122223333:role/aws-reserved/sso\.amazonaws\.com/us-east-1/AWSReservedSSO_PowerUser_fedcba9876543210 with the IAM path /aws-reserved/sso\.amazonaws\.com/us-east-1/: .*; write arn:aws:iam::111122223333:role/AWSReservedSSO_PowerUser_fedcba9876543210$`
        username = "sso-poweruser"
        groups   = ["system:masters"]
      },
      {
        userarn  = "arn:aws:iam::111122223333:user/ops/bob" # want-none: an IAM user keeps its path
        username = "bob"
        groups   = ["system:masters"]
      },
    ])
  }
}

resource "aws_eks_access_entry" "sso" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = local.sso_role # want-none: access entries accept the path
}

resource "aws_eks_access_policy_association" "sso" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_eks_access_entry.sso.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "session" {
  cluster_name      = aws_eks_cluster.this.name
  principal_arn     = "arn:aws:sts::111122223333:assumed-role/admin/jane" # want eksauth_role_arn_path `^aws_eks_access_entry\.session for EKS cluster aws_eks_cluster\.this names the STS session arn:aws:sts::111122223333:assumed-role/admin/jane: EKS rejects session ARNs in access entries; use the role ARN arn:aws:iam::111122223333:role/admin$`
  kubernetes_groups = ["platform-admins"]
}
