variable "cluster_name" { type = string }
variable "cluster_version" { type = string }
variable "vpc_id" { type = string }
variable "aws_auth_roles" { type = any }
module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "~> 19.21"
  cluster_name              = var.cluster_name
  cluster_version           = var.cluster_version
  vpc_id                    = var.vpc_id
  manage_aws_auth_configmap = true
  aws_auth_roles            = var.aws_auth_roles
}
output "cluster_name" { value = module.eks.cluster_name }
output "cluster_endpoint" { value = module.eks.cluster_endpoint }
