variable "cluster_name" {
  type = string
}
resource "aws_eks_access_entry" "y" {
  cluster_name  = var.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/deployer" # want eksauth_access_entry_no_permissions `^module\.b\.aws_eks_access_entry\.y lets`
}
