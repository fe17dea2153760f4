# authentication_mode = API makes EKS ignore the aws-auth ConfigMap: every
# mapping written for such a cluster is dead. API_AND_CONFIG_MAP reads both.

resource "aws_eks_cluster" "api" {
  name     = "api-only"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "admin" {
  cluster_name  = aws_eks_cluster.api.name
  principal_arn = "arn:aws:iam::111122223333:role/platform-admin"
}

resource "aws_eks_access_policy_association" "admin" {
  cluster_name  = aws_eks_cluster.api.name
  principal_arn = aws_eks_access_entry.admin.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

provider "kubernetes" {
  alias = "api"
  host  = aws_eks_cluster.api.endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.api.name]
  }
}

# Left over from before the migration to access entries.
resource "kubernetes_config_map_v1_data" "aws_auth" {
  provider = kubernetes.api
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode([ # want eksauth_aws_auth_ignored `^kubernetes_config_map_v1_data\.aws_auth mapRoles is never applied to EKS cluster aws_eks_cluster\.api: its authentication_mode = API \(main\.tf:11\) ignores aws-auth; grant access with access entries$`
      { rolearn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["system:masters"] },
    ])
  }
}

# Module v20 with API mode and the aws-auth submodule.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name        = "v20-api"
  cluster_version     = "1.30"
  authentication_mode = "API"

  access_entries = {
    admin = {
      principal_arn = "arn:aws:iam::111122223333:role/platform-admin"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

provider "kubernetes" {
  alias = "v20"
  host  = module.eks.cluster_endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/platform-admin"]
  }
}

module "aws_auth" {
  source  = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version = "~> 20.0"

  providers = {
    kubernetes = kubernetes.v20
  }

  aws_auth_roles = [ # want eksauth_aws_auth_ignored `^module\.aws_auth aws_auth_roles is never applied to EKS cluster module\.eks: its authentication_mode = API \(main\.tf:61\) ignores aws-auth`
    { rolearn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["system:masters"] },
  ]
}

# The look-alike: API_AND_CONFIG_MAP reads the ConfigMap as well.
resource "aws_eks_cluster" "both" {
  name     = "both"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API_AND_CONFIG_MAP"
  }
}

provider "kubernetes" {
  alias = "both"
  host  = aws_eks_cluster.both.endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.both.name]
  }
}

resource "kubernetes_config_map_v1_data" "aws_auth_both" {
  provider = kubernetes.both
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode([ # want-none: API_AND_CONFIG_MAP reads aws-auth
      { rolearn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["system:masters"] },
    ])
  }
}
