# aws-auth is written by a local module through the kubernetes provider it is
# given: eksauth cannot read those mappings, so it must not call the role
# unmapped (it would be a false alarm presented as certain).

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "prod"
  cluster_version = "1.29"
}
data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}
provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
module "aws_auth" {
  source    = "./modules/aws-auth"
  providers = { kubernetes = kubernetes }
  roles = [{ rolearn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["system:masters"] }]
}
