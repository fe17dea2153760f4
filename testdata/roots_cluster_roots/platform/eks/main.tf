terraform {
  backend "s3" {
    bucket = "acme-tfstate"
    key    = "platform/eks.tfstate"
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name              = "staging"
  cluster_version           = "1.29"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/deployer"
      username = "deployer"
      groups   = ["system:masters"]
    },
  ]
}

output "cluster_name" {
  value = module.eks.cluster_name
}
