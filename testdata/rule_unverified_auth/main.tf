# What eksauth cannot check, listed for an audit: the run's own
# credentials when execution_roles does not name them, a cluster defined
# in another configuration, a kubeconfig, a sensitive role, a profile.

variable "shared_cluster" {
  type    = string
  default = "shared-services"
}

variable "deployer_role_arn" {
  type      = string
  sensitive = true
  default   = "arn:aws:iam::111122223333:role/deployer"
}

resource "aws_eks_cluster" "this" {
  name     = "audited"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "admin" {
  cluster_name      = aws_eks_cluster.this.name
  principal_arn     = "arn:aws:iam::111122223333:role/admin"
  kubernetes_groups = ["platform-admins"]
}

# 1. Ambient credentials, and no execution_roles in .tflint.hcl.
provider "kubernetes" {
  host = aws_eks_cluster.this.endpoint
  exec { # want eksauth_unverified_auth `^kubernetes provider \(main\.tf:34\) access to EKS cluster aws_eks_cluster\.this cannot be verified in the local run: the local run uses ambient credentials, and execution_roles does not name them$`
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.this.name]
  }
}

# 2. A cluster another configuration creates.
provider "aws" {
  alias = "admin"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/admin" # want-none: reported at the helm provider's token, not here
  }
}

data "aws_eks_cluster" "shared" {
  name = var.shared_cluster
}

data "aws_eks_cluster_auth" "shared" {
  provider = aws.admin
  name     = var.shared_cluster
}

provider "helm" {
  alias = "shared"
  kubernetes {
    host                   = data.aws_eks_cluster.shared.endpoint
    cluster_ca_certificate = base64decode(data.aws_eks_cluster.shared.certificate_authority[0].data)
    token                  = data.aws_eks_cluster_auth.shared.token # want eksauth_unverified_auth `^helm\.shared provider \(main\.tf:60\) access to EKS cluster "shared-services" cannot be verified: the cluster is not defined in this module$`
  }
}

# 3. A kubeconfig decides: kubectl loads ~/.kube/config unless
# load_config_file = false.
terraform {
  required_providers {
    kubectl = {
      source  = "gavinbunney/kubectl"
      version = ">= 1.14"
    }
  }
}

provider "kubectl" { # want eksauth_unverified_auth `^kubectl provider \(main\.tf:80\) access to EKS cluster aws_eks_cluster\.this cannot be verified: the provider uses a kubeconfig \(no token or exec is set, so KUBE_CONFIG_PATH names it, or ~/\.kube/config where load_config_file is on\)$`
  host                   = aws_eks_cluster.this.endpoint
  cluster_ca_certificate = base64decode(aws_eks_cluster.this.certificate_authority[0].data)
}

# 4. A sensitive role: never printed, never decides.
provider "aws" {
  alias = "deployer"
  assume_role {
    role_arn = var.deployer_role_arn # want-none: reported at the kubernetes provider's token, not here
  }
}

data "aws_eks_cluster_auth" "deployer" {
  provider = aws.deployer
  name     = aws_eks_cluster.this.name
}

provider "kubernetes" {
  alias = "deployer"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.deployer.token # want eksauth_unverified_auth `^kubernetes\.deployer provider \(main\.tf:98\) access to EKS cluster aws_eks_cluster\.this cannot be verified: the identity is a sensitive value \(var\.deployer_role_arn\)$`
}

# The look-alike: a known role the cluster grants is verified.
provider "kubernetes" {
  alias = "admin"
  host  = aws_eks_cluster.this.endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.this.name, "--role-arn", "arn:aws:iam::111122223333:role/admin"] # want-none: verified: admin has an access entry
  }
}

# 5. A kubeconfig and no cluster to follow: the kubeconfig is the reason
# given, not the missing cluster.
provider "kubernetes" { # want-none: reported at config_path
  alias       = "kubeconfig"
  config_path = "~/.kube/config" # want eksauth_unverified_auth `^kubernetes\.kubeconfig provider \(main\.tf:117\) access to EKS cannot be verified: the provider uses a kubeconfig \(config_path\)$`
}

# 6. A profile, signing a token for a cluster defined elsewhere: the
# profile is the reason given, shown where it is set.
provider "aws" {
  alias   = "ops"
  profile = "ops" # want eksauth_unverified_auth `^kubernetes\.ops provider \(main\.tf:134\) access to EKS cluster "shared-services" cannot be verified: provider aws\.ops uses profile ops$`
}

data "aws_eks_cluster_auth" "ops" {
  provider = aws.ops
  name     = var.shared_cluster
}

provider "kubernetes" {
  alias = "ops"
  host  = data.aws_eks_cluster.shared.endpoint
  token = data.aws_eks_cluster_auth.ops.token # want-none: the notice is at the profile, which is what to change
}
