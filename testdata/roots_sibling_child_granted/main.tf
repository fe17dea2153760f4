# The twin of roots_sibling_child: the sibling root's local module gives
# the role the exec plugin assumes an access entry with a policy. No
# finding is due.
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
      "--role-arn", "arn:aws:iam::111122223333:role/deploy",
    ]
  }
}

resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
  }
}
