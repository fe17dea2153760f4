variable "cluster_name" {
  type = string
}

variable "principal_arn" {
  type = string
}

variable "groups" {
  type = list(string)
}

# Only module.alpha sets it: module.beta gets the default.
variable "extra_groups" {
  type    = list(string)
  default = ["extras"]
}

# Only module.beta sets it.
variable "viewer_groups" {
  type    = list(string)
  default = ["viewers"]
}

resource "aws_eks_access_entry" "team" {
  cluster_name      = var.cluster_name
  principal_arn     = var.principal_arn
  kubernetes_groups = var.groups # want-none
  # Written here for both calls.
  user_name = "team" # want-none
}

resource "aws_eks_access_entry" "extra" {
  cluster_name      = var.cluster_name
  principal_arn     = "${var.principal_arn}-extra"
  kubernetes_groups = var.extra_groups # want-none
}

resource "aws_eks_access_entry" "viewer" {
  cluster_name      = var.cluster_name
  principal_arn     = "${var.principal_arn}-viewer"
  kubernetes_groups = var.viewer_groups # want-none
}
