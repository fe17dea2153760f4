# The cluster is defined in a local child module, and this module reads it
# by the name it passes down, not by the child's output: the name joins
# the two, as it does for the caller's own grants. ci-runner has no access
# entry there, and the creator has none of its own.

variable "cluster_name" {
  type    = string
  default = "ledger"
}

module "cluster" {
  source       = "./modules/cluster"
  cluster_name = var.cluster_name
}

data "aws_eks_cluster_auth" "this" {
  depends_on = [module.cluster]
  name       = var.cluster_name
}

provider "kubernetes" {
  host  = "https://ledger.example.internal"
  token = data.aws_eks_cluster_auth.this.token # want eksauth_role_not_mapped `^kubernetes provider authenticates to EKS cluster module\.cluster\.module\.eks \(by its name "ledger"\) as arn:aws:iam::111122223333:role/ci-runner \(ambient credentials of provider aws, declared in plugin config execution_roles\)` eksauth_role_not_mapped `^kubernetes provider authenticates to EKS cluster module\.cluster\.module\.eks \(by its name "ledger"\) with the credentials of whoever runs Terraform .*grants no access to anyone but node roles`
}
