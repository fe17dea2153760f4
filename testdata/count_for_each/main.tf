# count and for_each decide whether a grant exists at all. Entries made with
# for_each over a known set count one by one; a ConfigMap with count = 0
# grants nothing; one with an unknown count might, so it can only make the
# answer uncertain.

variable "admins" {
  default = ["arn:aws:iam::111122223333:role/alice", "arn:aws:iam::111122223333:role/bob"]
}

variable "manage_config_map" {
  default = false
}

resource "aws_eks_cluster" "this" {
  name     = "counted"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API_AND_CONFIG_MAP"
  }
}

resource "aws_eks_access_entry" "admins" {
  for_each      = toset(var.admins)
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
  kubernetes_groups = ["platform-admins"]
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  count    = var.manage_config_map ? 1 : 0
  provider = kubernetes.bob
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([{ rolearn = "arn:aws:iam::111122223333:role/carol", username = "carol", groups = ["system:masters"] }])
  }
}

provider "aws" {
  alias = "bob"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/bob" # want-none: the for_each entry covers bob
  }
}

provider "aws" {
  alias = "carol"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/carol" # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/carol \(assume_role of provider aws\.carol\), which aws_eks_access_entry\.admins does not grant access to`
  }
}

data "aws_eks_cluster_auth" "bob" {
  provider = aws.bob
  name     = aws_eks_cluster.this.name
}

data "aws_eks_cluster_auth" "carol" {
  provider = aws.carol
  name     = aws_eks_cluster.this.name
}

provider "kubernetes" {
  alias = "bob"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.bob.token
}

provider "kubernetes" {
  alias = "carol"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.carol.token
}
