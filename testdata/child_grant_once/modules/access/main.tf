variable "cluster_name" {
  type = string
}

variable "deployer_arn" {
  type = string
}

variable "breakglass_groups" {
  type = list(string)
}

# Written here whole: only the root run can report it.
resource "aws_eks_access_entry" "admins" {
  cluster_name      = var.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/platform-admin"
  kubernetes_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^module\.access\.aws_eks_access_entry\.admins for EKS cluster aws_eks_cluster\.this gives arn:aws:iam::111122223333:role/platform-admin the Kubernetes group "system:masters": EKS rejects`
}

# The principal comes from the caller: the child's run reports it, on the
# caller's argument.
resource "aws_eks_access_entry" "deployer" {
  cluster_name      = var.cluster_name
  principal_arn     = var.deployer_arn # want-none: reported on the caller's argument
  kubernetes_groups = ["deployers"]
}

# Neither a group nor a policy: reported at the principal, a literal
# written here, so the root run reports it.
resource "aws_eks_access_entry" "auditor" {
  cluster_name  = var.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/auditor" # want eksauth_access_entry_no_permissions `^module\.access\.aws_eks_access_entry\.auditor lets arn:aws:iam::111122223333:role/auditor authenticate to EKS cluster aws_eks_cluster\.this with no access policy and no Kubernetes group`
}

# The groups come from the caller: the child's run reports the reserved
# group on the caller's argument.
resource "aws_eks_access_entry" "breakglass" {
  cluster_name      = var.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/breakglass"
  kubernetes_groups = var.breakglass_groups # want-none: reported on the caller's argument
}
