provider "aws" {
  alias  = "cm"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `which kubernetes_config_map\.aws_auth mapRoles does not map; only the principal that created the cluster has implicit access; to fix, add arn:aws:iam::111122223333:role/ci to mapRoles of kubernetes_config_map\.aws_auth; if arn:aws:iam::111122223333:role/ci created this cluster, list it in cluster_creator_arns$`
  }
}

resource "aws_eks_cluster" "cm" {
  name     = "configmap"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "CONFIG_MAP"
  }
}

data "aws_eks_cluster_auth" "cm" {
  provider = aws.cm
  name     = aws_eks_cluster.cm.name
}

provider "kubernetes" {
  alias = "cm"
  host  = aws_eks_cluster.cm.endpoint
  token = data.aws_eks_cluster_auth.cm.token
}

resource "kubernetes_config_map" "aws_auth" {
  provider = kubernetes.cm

  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([
      { rolearn = "arn:aws:iam::111122223333:role/deployer", username = "deployer", groups = ["system:masters"] },
    ])
  }
}
