# The root creates two clusters in API mode and configures the providers;
# a local child module writes the access entries. The entry the child
# writes for prod lets ci in; staging's child grants only an admin role.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci" # want eksauth_role_not_mapped `kubernetes\.staging provider authenticates to EKS cluster aws_eks_cluster\.staging as arn:aws:iam::111122223333:role/ci \(assume_role of provider aws\), which module\.staging_access\.aws_eks_access_entry\.this does not grant access to`
  }
}

resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}

resource "aws_eks_cluster" "staging" {
  name     = "staging"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}

# The granted twin: the child's entry is for ci.
module "prod_access" {
  source        = "./modules/access"
  cluster_name  = aws_eks_cluster.prod.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}

module "staging_access" {
  source        = "./modules/access"
  cluster_name  = aws_eks_cluster.staging.name
  principal_arn = "arn:aws:iam::111122223333:role/admin"
}

data "aws_eks_cluster_auth" "prod" {
  name = aws_eks_cluster.prod.name
}

provider "kubernetes" {
  alias = "prod"
  host  = aws_eks_cluster.prod.endpoint
  token = data.aws_eks_cluster_auth.prod.token # want-none: the child grants ci
}

data "aws_eks_cluster_auth" "staging" {
  name = aws_eks_cluster.staging.name
}

provider "kubernetes" {
  alias = "staging"
  host  = aws_eks_cluster.staging.endpoint
  token = data.aws_eks_cluster_auth.staging.token
}
