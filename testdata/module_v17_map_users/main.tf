# Module v17 maps roles through map_roles and map_users. aws-auth looks a
# role's ARN up in mapUsers too, so a role listed as a userarn is let in.

provider "aws" {
  alias = "mapped_role"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer" # want-none: in map_roles
  }
}

provider "aws" {
  alias = "mapped_as_user"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want-none: a role listed under map_users still matches
  }
}

provider "aws" {
  alias = "unmapped"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/intern" # want eksauth_role_not_mapped `kubernetes\.unmapped provider authenticates to EKS cluster module\.legacy as arn:aws:iam::111122223333:role/intern \(assume_role of provider aws\.unmapped\), which neither module\.legacy map_roles nor module\.legacy map_users maps`
  }
}

module "legacy" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "17.24.0"
  cluster_name = "legacy"
  subnets      = ["subnet-1"]

  map_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/deployer", username = "deployer", groups = ["system:masters"] },
  ]
  map_users = [
    { userarn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["system:masters"] },
  ]
}

data "aws_eks_cluster_auth" "mapped_role" {
  provider = aws.mapped_role
  name     = module.legacy.cluster_id
}

data "aws_eks_cluster_auth" "mapped_as_user" {
  provider = aws.mapped_as_user
  name     = module.legacy.cluster_id
}

data "aws_eks_cluster_auth" "unmapped" {
  provider = aws.unmapped
  name     = module.legacy.cluster_id
}

provider "kubernetes" {
  alias = "mapped_role"
  host  = module.legacy.cluster_endpoint
  token = data.aws_eks_cluster_auth.mapped_role.token
}

provider "kubernetes" {
  alias = "mapped_as_user"
  host  = module.legacy.cluster_endpoint
  token = data.aws_eks_cluster_auth.mapped_as_user.token
}

provider "kubernetes" {
  alias = "unmapped"
  host  = module.legacy.cluster_endpoint
  token = data.aws_eks_cluster_auth.unmapped.token
}
