# The v20 aws-auth submodule called from a configuration with no
# kubernetes provider: the submodule has no cluster input, so which
# cluster it writes to is decided by whoever passes the provider. Its
# mappings are still judged for what they say alone (clean twin:
# external_aws_auth_submodule_clean).

module "aws_auth" {
  source  = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version = "~> 20.0"

  manage_aws_auth_configmap = true

  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/us-east-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef" # want eksauth_role_arn_path `^module\.aws_auth aws_auth_roles\[0\] for an EKS cluster eksauth cannot identify \(it is applied with provider kubernetes, which this module does not configure\) writes arn:aws:iam::111122223333:role/aws-reserved/sso\.amazonaws\.com/us-east-1/AWSReservedSSO_PlatformAdmin_0123456789abcdef with the IAM path /aws-reserved/sso\.amazonaws\.com/us-east-1/: aws-auth compares the path-less ARN STS presents, so it never matches; write arn:aws:iam::111122223333:role/AWSReservedSSO_PlatformAdmin_0123456789abcdef$`
      username = "platform-admin"
      groups   = ["system:masters"] # want-none: system: groups are fine in aws-auth
    },
  ]

  aws_auth_users = [
    {
      userarn  = "arn:aws:sts::111122223333:assumed-role/breakglass/bob" # want eksauth_role_arn_path `^module\.aws_auth aws_auth_users\[0\] for an EKS cluster eksauth cannot identify \(.*\) names the STS session arn:aws:sts::111122223333:assumed-role/breakglass/bob, which aws-auth never matches: use the role ARN arn:aws:iam::111122223333:role/breakglass$`
      username = "breakglass"
      groups   = ["system:masters"]
    },
  ]
}
