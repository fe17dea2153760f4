# The root signs a token with aws_eks_cluster_auth and passes it to a
# local child, whose kubernetes provider uses it. The cluster grants
# nobody, so whoever runs Terraform is refused; the finding says where
# the child's token comes from.
module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "shop"
}

data "aws_eks_cluster_auth" "shop" {
  name = module.eks.cluster_name
}

module "apps" {
  source = "./apps"
  host   = module.eks.cluster_endpoint
  token  = data.aws_eks_cluster_auth.shop.token
}
