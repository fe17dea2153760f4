# The EKS twin: the same shapes next to an EKS cluster are blind spots, each
# said once, not once per execution role. The token another workspace wrote
# into its state is, for an EKS cluster, also an expired one.

data "aws_eks_cluster" "shop" {
  name = "shop"
}

data "tfe_outputs" "eks" {
  organization = "shop"
  workspace    = "eks-cluster"
}

provider "kubernetes" {
  host                   = data.aws_eks_cluster.shop.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.shop.certificate_authority[0].data)
  token                  = data.tfe_outputs.eks.values.kubernetes_token # want eksauth_static_token `^kubernetes provider authenticates to EKS cluster "shop" with a static token from another root's state output data\.tfe_outputs\.eks\.values\.kubernetes_token: it was made when that root was last applied` eksauth_unverified_auth `^kubernetes provider \(main\.tf:14\) access to EKS cluster "shop" cannot be verified: the provider uses a static token$`
}

provider "helm" {
  kubernetes {
    config_path = "~/.kube/config" # want eksauth_unverified_auth `^helm provider \(main\.tf:20\) access to EKS cannot be verified: the provider uses a kubeconfig \(config_path\)$`
  }
}
