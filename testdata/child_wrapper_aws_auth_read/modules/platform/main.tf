module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name    = "platform"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/nodes"
      username = "system:node:{{EC2PrivateDNSName}}"
      groups   = ["system:bootstrappers", "system:nodes"]
    },
    {
      rolearn  = "arn:aws:iam::111122223333:role/service-role/deployer" # want eksauth_role_arn_path `writes arn:aws:iam::111122223333:role/service-role/deployer with the IAM path /service-role/`
      username = "deployer"
      groups   = ["system:masters"]
    },
  ]
}

output "cluster_name" {
  value = module.eks.cluster_name
}

output "cluster_endpoint" {
  value = module.eks.cluster_endpoint
}
