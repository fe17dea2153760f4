# The EKS twin: the same shapes next to an EKS cluster are blind spots, each
# said once, not once per execution role. The token another workspace wrote
# into its state is, for an EKS cluster, an expired one: the warning of
# eksauth_static_token says all there is to say about it.

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
  token                  = data.tfe_outputs.eks.values.kubernetes_token # want eksauth_static_token `^kubernetes provider authenticates to EKS cluster "shop" with a static token from another root's state output data\.tfe_outputs\.eks\.values\.kubernetes_token: it was made when that root was last applied`
}

provider "helm" {
  kubernetes {
    config_path = "~/.kube/config" # want eksauth_unverified_auth `^helm provider \(main\.tf:21\) access to EKS cannot be verified: the provider uses a kubeconfig \(config_path\)$`
  }
}
