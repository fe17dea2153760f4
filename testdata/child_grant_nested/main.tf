# The root creates the cluster; a local child hands it on to its own
# child, which writes the access entries. A finding two levels down
# survives tflint's run of the grandchild only when the expression it
# points at leads, argument by argument, back to one written here.
resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

module "platform" {
  source       = "./modules/platform"
  cluster_name = aws_eks_cluster.this.name
  deployer_arn = "arn:aws:sts::111122223333:assumed-role/deployer/ci" # want eksauth_role_arn_path `^aws_eks_access_entry\.deployer for the EKS cluster named by var\.cluster_name names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci: EKS rejects session ARNs in access entries; use the role ARN arn:aws:iam::111122223333:role/deployer$`
}
