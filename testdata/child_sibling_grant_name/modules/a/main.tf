variable "cluster_name" {
  type = string
}
resource "aws_eks_access_entry" "x" {
  cluster_name  = var.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/ops" # want eksauth_access_entry_no_permissions `^aws_eks_access_entry\.x lets`
}
