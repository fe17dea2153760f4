# eksauth_unverified_auth is disabled by default: without a rule block
# enabling it, blind spots are not reported, and a configuration eksauth
# cannot check lints clean.

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "quiet"
  kubernetes_version = "1.33"

  enable_cluster_creator_admin_permissions = true
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  exec { # want-none: the run's own credentials, not named in execution_roles
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
}

data "aws_eks_cluster" "shared" {
  name = "shared-services"
}

data "aws_eks_cluster_auth" "shared" {
  name = data.aws_eks_cluster.shared.name
}

provider "helm" {
  alias = "shared"
  kubernetes {
    host                   = data.aws_eks_cluster.shared.endpoint
    cluster_ca_certificate = base64decode(data.aws_eks_cluster.shared.certificate_authority[0].data)
    token                  = data.aws_eks_cluster_auth.shared.token # want-none: a cluster defined elsewhere
  }
}
