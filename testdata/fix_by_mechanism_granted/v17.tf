# testdata/fix_by_mechanism with each finding's fix applied: role/ci added
# to each list in the form the fix names (without the path for aws-auth),
# and the creator's admin permissions turned on for the v20 cluster without
# a list. Nothing is reported (that the v20 cluster lets in whoever applies
# it, which eksauth cannot verify, is a notice of eksauth_unverified_auth
# when that rule is enabled).

provider "aws" {
  alias  = "eks17"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/automation/ci" # want-none: granted as the fix says
  }
}

module "eks17" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "17.24.0"
  cluster_name = "legacy"
  subnets      = ["subnet-1"]

  map_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/deployer", username = "deployer", groups = ["system:masters"] },
    { rolearn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["system:masters"] },
  ]
}

data "aws_eks_cluster_auth" "eks17" {
  provider = aws.eks17
  name     = module.eks17.cluster_id
}

provider "kubernetes" {
  alias = "eks17"
  host  = module.eks17.cluster_endpoint
  token = data.aws_eks_cluster_auth.eks17.token
}
