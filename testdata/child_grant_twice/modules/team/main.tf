variable "cluster_name" {
  type = string
}

variable "principal_arn" {
  type = string
}

variable "groups" {
  type = list(string)
}

# Only module.alpha sets it: module.beta gets the default, which no
# argument of the root sets, so only the root run can report it.
variable "extra_groups" {
  type    = list(string)
  default = ["system:authenticated"]
}

# Only module.beta sets it, wrong: its own run reports it on its argument.
variable "viewer_groups" {
  type    = list(string)
  default = ["viewers"]
}

resource "aws_eks_access_entry" "team" {
  cluster_name      = var.cluster_name
  principal_arn     = var.principal_arn
  kubernetes_groups = var.groups # want-none: module.alpha's is reported on its argument
  # Written here for both calls, each with its own principal: each call's
  # finding names its own, so neither stands for the other.
  user_name = "system:team" # want eksauth_access_entry_reserved_group `^module\.alpha\.aws_eks_access_entry\.team for EKS cluster aws_eks_cluster\.this gives arn:aws:iam::111122223333:role/alpha the user_name "system:team": EKS rejects user names that start with "system:"$` eksauth_access_entry_reserved_group `^module\.beta\.aws_eks_access_entry\.team for EKS cluster aws_eks_cluster\.this gives arn:aws:iam::111122223333:role/beta the user_name "system:team": EKS rejects user names that start with "system:"$`
}

resource "aws_eks_access_entry" "extra" {
  cluster_name      = var.cluster_name
  principal_arn     = "${var.principal_arn}-extra"
  kubernetes_groups = var.extra_groups # want eksauth_access_entry_reserved_group `^module\.beta\.aws_eks_access_entry\.extra for EKS cluster aws_eks_cluster\.this gives arn:aws:iam::111122223333:role/beta-extra the Kubernetes group "system:authenticated": EKS rejects`
}

resource "aws_eks_access_entry" "viewer" {
  cluster_name      = var.cluster_name
  principal_arn     = "${var.principal_arn}-viewer"
  kubernetes_groups = var.viewer_groups # want-none: module.beta's is reported on its argument
}
