variable "cluster_name" {
  type = string
}

variable "deployer_arn" {
  type = string
}

variable "operator_arn" {
  type = string
}

resource "aws_eks_access_entry" "admins" {
  cluster_name      = var.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/platform-admin"
  kubernetes_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^module\.platform\.module\.access\.aws_eks_access_entry\.admins for EKS cluster aws_eks_cluster\.this gives arn:aws:iam::111122223333:role/platform-admin the Kubernetes group "system:masters": EKS rejects`
}

# From the root, through ./modules/platform: reported on the root's argument.
resource "aws_eks_access_entry" "deployer" {
  cluster_name      = var.cluster_name
  principal_arn     = var.deployer_arn # want-none: reported on the root's argument
  kubernetes_groups = ["deployers"]
}

# From ./modules/platform's own literal: the root run reports it here.
resource "aws_eks_access_entry" "operator" {
  cluster_name      = var.cluster_name
  principal_arn     = var.operator_arn # want eksauth_role_arn_path `^module\.platform\.module\.access\.aws_eks_access_entry\.operator for EKS cluster aws_eks_cluster\.this names the STS session arn:aws:sts::111122223333:assumed-role/operator/oncall: EKS rejects session ARNs in access entries; use the role ARN arn:aws:iam::111122223333:role/operator$`
  kubernetes_groups = ["operators"]
}
