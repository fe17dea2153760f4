# Module v20 without enable_cluster_creator_admin_permissions gives the
# creator no access, and this cluster grants nothing but its node role: so
# whoever runs Terraform is locked out, whatever role that is.

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "locked"
  cluster_version = "1.31"

  access_entries = {
    nodes = {
      principal_arn = "arn:aws:iam::111122223333:role/nodes"
      type          = "EC2_LINUX"
    }
  }
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token # want eksauth_role_not_mapped `^kubernetes provider authenticates to EKS cluster module\.eks with the credentials of whoever runs Terraform \(ambient credentials of provider aws\), and the cluster grants no access to anyone but node roles; the creator has no access of its own \(enable_cluster_creator_admin_permissions defaults to false in v20\)$`
}
