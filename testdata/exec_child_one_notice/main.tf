# The child's providers run aws eks get-token with a profile. Their exec
# refers to three of the caller's arguments; tflint reports a child's
# finding at each caller argument the expression at its range refers to,
# so each notice points at the one value that decides, the profile, and
# is reported once.
module "apps" {
  source       = "./modules/apps"
  cluster_name = "orders"
  region       = "eu-west-1"
  profile      = "deploy" # want eksauth_unverified_auth `^helm provider \(modules/apps/main\.tf:17\) access to EKS cluster "orders" cannot be verified: the exec command uses profile deploy$` eksauth_unverified_auth `^kubernetes provider \(modules/apps/main\.tf:28\) access to EKS cluster "orders" cannot be verified: the exec command uses profile deploy$` eksauth_unverified_auth `^kubectl provider \(modules/apps/main\.tf:45\) access to EKS cluster "orders" cannot be verified: the exec command uses profile deploy$`
}

# The same provider in the root module: one notice, at the profile.
variable "region" {
  type    = string
  default = "eu-west-1"
}

provider "helm" {
  alias = "root"
  kubernetes = {
    host = "https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
    exec = {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args = [
        "eks", "get-token", "--cluster-name", "orders", "--region", var.region,
        "--profile", "deploy", # want eksauth_unverified_auth `^helm\.root provider \(main\.tf:19\) access to EKS cluster "orders" cannot be verified: the exec command uses profile deploy$`
      ]
    }
  }
}
