# With execution_roles declared, the run's own credentials are checked as
# each declared role, in its own context: the local run's ambient
# credentials are no blind spot then. What cannot be verified for a
# declared role still is.

resource "aws_eks_cluster" "granted" {
  name     = "granted"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "runner" {
  cluster_name      = aws_eks_cluster.granted.name
  principal_arn     = "arn:aws:iam::111122223333:role/gha-runner"
  kubernetes_groups = ["deployers"]
}

provider "kubernetes" {
  alias = "granted"
  host  = aws_eks_cluster.granted.endpoint
  exec { # want-none: gha-runner has an access entry, and the local run is not a context of its own
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.granted.name]
  }
}

# The grants come from a variable with no value: whether gha-runner is
# mapped cannot be told.

variable "map_roles" {
  type = list(any)
}

resource "aws_eks_cluster" "hidden" {
  name     = "hidden"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

provider "kubernetes" {
  alias = "hidden"
  host  = aws_eks_cluster.hidden.endpoint
  exec { # want eksauth_unverified_auth `^kubernetes\.hidden provider \(main\.tf:48\) access to EKS cluster aws_eks_cluster\.hidden cannot be verified in the execution role arn:aws:iam::111122223333:role/gha-runner: grants in kubernetes_config_map_v1_data\.aws_auth mapRoles cannot be read$`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.hidden.name]
  }
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  provider = kubernetes.hidden
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode(var.map_roles)
  }
}
