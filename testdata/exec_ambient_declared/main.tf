# With execution_roles declared, ambient credentials have a name: each
# declared role is a context of its own, and each one that the cluster does
# not let in is reported where the provider chooses ambient credentials.

resource "aws_eks_cluster" "this" {
  name     = "declared"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode([
      {
        rolearn  = "arn:aws:iam::111122223333:role/admin"
        username = "admin"
        groups   = ["system:masters"]
      },
    ])
  }
}

provider "kubernetes" {
  host = aws_eks_cluster.this.endpoint
  exec { # want eksauth_role_not_mapped `kubernetes provider authenticates to EKS cluster aws_eks_cluster\.this as arn:aws:iam::111122223333:role/gha-runner \(ambient credentials of aws eks get-token, declared in plugin config execution_roles\), which kubernetes_config_map_v1_data\.aws_auth mapRoles does not map`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.this.name]
  }
}
