# The cluster is made by a local wrapper; the notice that its grants cannot
# be read names them by the module path from here.
module "eks_cluster" {
  source = "./modules/eks_cluster"
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}

data "aws_eks_cluster_auth" "hub" {
  name = module.eks_cluster.cluster_name
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.hub.token # want eksauth_unverified_auth `^kubernetes provider \(main\.tf:17\) access to EKS cluster module\.eks_cluster\.module\.eks \(via module\.eks_cluster\.cluster_name\) cannot be verified: grants in module\.eks_cluster\.module\.eks aws_auth_roles cannot be read$`
}
