# Terraform runs as role/ci (role/automation/ci for the v17 cluster), which
# no cluster here lets in. Each file writes a cluster with the grant
# mechanism of its module release or resource, and the fix at the end of
# each finding is that mechanism's: the list to add the role to, in the form
# it takes there. testdata/fix_by_mechanism_granted is the same
# configuration with the role added as each fix says, and is clean.

provider "aws" {
  alias  = "eks17"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/automation/ci" # want eksauth_role_not_mapped `; to fix, add arn:aws:iam::111122223333:role/ci to module\.eks17 map_roles \(aws-auth matches only the role ARN without its path\); if arn:aws:iam::111122223333:role/automation/ci created this cluster, list it in cluster_creator_arns$`
  }
}

module "eks17" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "17.24.0"
  cluster_name = "legacy"
  subnets      = ["subnet-1"]

  map_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/deployer", username = "deployer", groups = ["system:masters"] },
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
