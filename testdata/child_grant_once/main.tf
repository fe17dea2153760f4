# The root creates the cluster; a local child writes its access entries.
# tflint reports a finding in the child's run only when the expression it
# points at refers to a variable this call passes, and then on this call's
# argument; the root run reports the rest, on the child's own lines. Each
# finding is reported once.
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

module "access" {
  source            = "./modules/access"
  cluster_name      = aws_eks_cluster.this.name
  breakglass_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.breakglass for .* gives arn:aws:iam::111122223333:role/breakglass the Kubernetes group "system:masters": EKS rejects`
  deployer_arn      = "arn:aws:sts::111122223333:assumed-role/deployer/ci" # want eksauth_role_arn_path `^aws_eks_access_entry\.deployer for the EKS cluster named by var\.cluster_name names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci: EKS rejects session ARNs in access entries; use the role ARN arn:aws:iam::111122223333:role/deployer$`
}
