# The clean twin of external_aws_auth_submodule: the aws-auth submodule
# with no kubernetes provider in the configuration, its ARNs written the
# way aws-auth matches them. Nothing is reported.

module "aws_auth" {
  source  = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version = "~> 20.0"

  manage_aws_auth_configmap = true

  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/AWSReservedSSO_PlatformAdmin_0123456789abcdef" # want-none
      username = "platform-admin"
      groups   = ["system:masters"] # want-none: system: groups are fine in aws-auth
    },
  ]

  aws_auth_users = [
    {
      userarn  = "arn:aws:iam::111122223333:role/breakglass" # want-none
      username = "breakglass"
      groups   = ["system:masters"]
    },
  ]
}
