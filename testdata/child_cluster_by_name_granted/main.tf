# Twin of child_cluster_by_name: the wrapper is given an access entry for
# ci-runner, so the cluster found by its name lets the run in.

variable "cluster_name" {
  type    = string
  default = "ledger"
}

module "cluster" {
  source       = "./modules/cluster"
  cluster_name = var.cluster_name
  admins = {
    ci = {
      principal_arn = "arn:aws:iam::111122223333:role/ci-runner"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

data "aws_eks_cluster_auth" "this" {
  depends_on = [module.cluster]
  name       = var.cluster_name
}

provider "kubernetes" {
  host  = "https://ledger.example.internal"
  token = data.aws_eks_cluster_auth.this.token # want-none
}
