# The cluster root: its cluster is made by a local module.
module "eks_cluster" {
  source = "../modules/eks-cluster"
  name   = "testing"
  admin  = "arn:aws:iam::111122223333:role/deploy"
}

output "eks_cluster_name" {
  value = module.eks_cluster.eks_cluster_name
}

output "eks_cluster_endpoint" {
  value = module.eks_cluster.eks_cluster_endpoint
}
