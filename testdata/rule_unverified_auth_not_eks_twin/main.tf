# The EKS twin: the same shapes next to an EKS cluster are blind spots, each
# said once, not once per execution role.

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
  token                  = data.tfe_outputs.eks.values.kubernetes_token # want eksauth_unverified_auth `^kubernetes provider \(main\.tf:13\) access to EKS cluster "shop" cannot be verified: the provider uses unrecognised authentication \(a token from data\.tfe_outputs\.eks\.values\.kubernetes_token\)$`
}

provider "helm" {
  kubernetes {
    config_path = "~/.kube/config" # want eksauth_unverified_auth `^helm provider \(main\.tf:19\) access to EKS cannot be verified: the provider uses kubeconfig \(config_path\)$`
  }
}
