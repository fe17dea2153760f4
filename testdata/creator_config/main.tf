# cluster_creator_arns names the principal that created the clusters: it
# keeps the creator's implicit access where the cluster allows it (here the
# EKS default), and needs no mapping.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/bootstrap" # want eksauth_role_not_mapped `^kubernetes\.strict provider authenticates to EKS cluster aws_eks_cluster\.strict as arn:aws:iam::111122223333:role/bootstrap \(assume_role of provider aws\), which aws_eks_access_entry\.ops does not grant access to; the creator has no access of its own \(access_config bootstrap_cluster_creator_admin_permissions = false at main\.tf:39\); to fix, add an aws_eks_access_entry for arn:aws:iam::111122223333:role/bootstrap \(like aws_eks_access_entry\.ops\) with an access policy association$`
  }
}

resource "aws_eks_cluster" "this" {
  name     = "bootstrapped"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

data "aws_eks_cluster_auth" "this" {
  name = aws_eks_cluster.this.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.this.token
}

# bootstrap_cluster_creator_admin_permissions = false takes it away: the
# same role is reported for this cluster only.

resource "aws_eks_cluster" "strict" {
  name     = "strict"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}

resource "aws_eks_access_entry" "ops" {
  cluster_name  = aws_eks_cluster.strict.name
  principal_arn = "arn:aws:iam::111122223333:role/ops"
  kubernetes_groups = ["platform-admins"]
}

data "aws_eks_cluster_auth" "strict" {
  name = aws_eks_cluster.strict.name
}

provider "kubernetes" {
  alias = "strict"
  host  = aws_eks_cluster.strict.endpoint
  token = data.aws_eks_cluster_auth.strict.token
}
