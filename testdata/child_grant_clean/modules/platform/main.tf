variable "cluster_name" {
  type = string
}

variable "deployer_arn" {
  type = string
}

module "access" {
  source       = "../access"
  cluster_name = var.cluster_name
  deployer_arn = var.deployer_arn
}
