# Two levels down: a kubernetes provider that runs aws eks get-token as
# the role and for the cluster its callers pass down.
variable "cluster_name" {
  type = string
}

variable "role_arn" {
  type = string
}

provider "kubernetes" {
  host = "https://example.eks.amazonaws.com"
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--role-arn", var.role_arn] # want eksauth_role_not_mapped `module\.platform\.module\.apps's kubernetes provider authenticates to EKS cluster module\.cluster\.aws_eks_cluster\.this \(via module\.cluster\.name\) as arn:aws:iam::111122223333:role/ci .*which module\.cluster\.aws_eks_access_entry\.deployer \(modules/cluster/main\.tf:18\) does not grant access to`
  }
}

resource "kubernetes_namespace_v1" "apps" {
  metadata {
    name = "apps"
  }
}
