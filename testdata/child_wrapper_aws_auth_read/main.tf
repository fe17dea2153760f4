# A local wrapper whose terraform-aws-modules/eks call lists its aws-auth
# roles in full: eksauth reads them (the path finding below fires on one)
# and attaches them to the wrapper's cluster, so the root's provider gets
# a verdict — CI's role is not mapped — rather than a notice that the
# wrapper may write aws-auth eksauth cannot read.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci-runner" # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/ci-runner .*which module\.platform\.module\.eks aws_auth_roles .*does not map`
  }
}
module "platform" {
  source = "./modules/platform"
}
data "aws_eks_cluster_auth" "this" {
  name = module.platform.cluster_name
}
provider "kubernetes" {
  host  = module.platform.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token # want-none: decided, not hidden
}
