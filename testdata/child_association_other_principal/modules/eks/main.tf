variable "access_entries" {
  type = map(object({
    principal_arn = string
  }))
}

variable "access_entries_policies" {
  type = map(object({
    principal_arn = string
    policy_arn    = string
  }))
}

resource "aws_eks_cluster" "this" {
  name     = "shop"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "this" {
  for_each      = var.access_entries
  cluster_name  = aws_eks_cluster.this.id
  principal_arn = each.value.principal_arn # want eksauth_access_entry_no_permissions `aws_eks_access_entry\.this lets arn:aws:iam::111122223333:role/viewer authenticate to EKS cluster aws_eks_cluster\.this with no access policy`
}

resource "aws_eks_access_policy_association" "this" {
  for_each      = var.access_entries_policies
  cluster_name  = aws_eks_cluster.this.id
  principal_arn = each.value.principal_arn
  policy_arn    = each.value.policy_arn
  access_scope {
    type = "cluster"
  }
}
