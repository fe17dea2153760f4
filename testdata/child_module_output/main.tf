# The cluster and its grants live in a local child module; the providers
# are the caller's, and reach the cluster through the child's outputs.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `kubernetes provider authenticates to EKS cluster module\.platform\.module\.eks \(via module\.platform\.cluster_name\) as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws\), which module\.platform\.module\.eks access_entries \(modules/platform/main\.tf:18\) does not grant access to`
  }
}

module "platform" {
  source      = "./modules/platform"
  name        = "prod"
  admin_roles = ["arn:aws:iam::111122223333:role/admin"]
}

data "aws_eks_cluster_auth" "this" {
  name = module.platform.cluster_name
}

provider "kubernetes" {
  host  = module.platform.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}

# The granted twin: the same wrapper, told to grant the ci role.
module "platform_granted" {
  source      = "./modules/platform"
  name        = "staging"
  admin_roles = ["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:role/ci"]
}

data "aws_eks_cluster_auth" "granted" {
  name = module.platform_granted.cluster_name
}

provider "kubernetes" {
  alias = "granted"
  host  = module.platform_granted.cluster_endpoint
  token = data.aws_eks_cluster_auth.granted.token # want-none
}
