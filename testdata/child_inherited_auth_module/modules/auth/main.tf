module "aws_auth" {
  source  = "example-org/aws-auth/kubernetes"
  version = "1.0.0"

  map_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/deployer"
      username = "deployer"
      groups   = ["system:masters"]
    },
  ]
}
