# The AWS provider assumes the deploy role while the exec runs as the CI
# runner's own role; execution_roles names that role and the cluster grants
# it, so the two principals are meant and each is let in.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy"
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "ci"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true

  access_entries = {
    runner = {
      principal_arn = "arn:aws:iam::111122223333:role/gha-runner"
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
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  exec { # want-none: the runner's own role is declared and granted
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
}
