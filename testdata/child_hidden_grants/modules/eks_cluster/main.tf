# A wrapper whose aws-auth roles come from another module's output: eksauth
# cannot read them, and says where they are by their full module path.
module "iam" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"
  version = "~> 5.0"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name    = "hub"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles            = module.iam.aws_auth_roles
}

output "cluster_name" {
  value = module.eks.cluster_name
}
