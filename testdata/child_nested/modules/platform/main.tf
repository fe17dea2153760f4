# A child that hands its arguments on to its own child.
variable "cluster_name" {
  type = string
}

variable "role_arn" {
  type = string
}

module "apps" {
  source       = "./apps"
  cluster_name = var.cluster_name
  role_arn     = var.role_arn
}
