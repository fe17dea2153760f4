# This root configures Kubernetes; the cluster is made by the sibling root
# eks-cluster/, through a local module of its own, and read here from that
# root's state. The role the exec plugin assumes has no access entry
# there: the finding says which cluster, of which root, and why.
data "terraform_remote_state" "cluster" {
  backend = "local"
  config = {
    path = "eks-cluster/terraform.tfstate"
  }
}

provider "kubernetes" {
  host = data.terraform_remote_state.cluster.outputs.eks_cluster_endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args = [
      "eks", "get-token",
      "--cluster-name", data.terraform_remote_state.cluster.outputs.eks_cluster_name,
      "--role-arn", "arn:aws:iam::111122223333:role/deploy", # want eksauth_role_not_mapped `kubernetes provider authenticates to EKS cluster module\.eks_cluster\.aws_eks_cluster\.this of eks-cluster \(via data\.terraform_remote_state\.cluster\.outputs\.eks_cluster_name\) as arn:aws:iam::111122223333:role/deploy \(--role-arn of aws eks get-token\), which module\.eks_cluster\.aws_eks_access_entry\.admin \(modules/eks-cluster/main\.tf:21\) does not grant access to`
    ]
  }
}

resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
  }
}
