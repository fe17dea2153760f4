# Access keys written into the AWS provider sign as the IAM user that owns
# them, not as the CI runner's role the run itself has: who that is cannot
# be read from the configuration. Not an error about ci-runner, which never
# signs the token here, but a blind spot, shown where the keys are set.

variable "deploy_access_key" {
  type = string
}

variable "deploy_secret_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  region     = "eu-central-1"
  access_key = var.deploy_access_key # want eksauth_unverified_auth `^kubernetes provider \(main\.tf:36\) access to EKS cluster aws_eks_cluster\.orders cannot be verified: provider aws uses static access keys from var\.deploy_access_key$`
  secret_key = var.deploy_secret_key
}

resource "aws_eks_cluster" "orders" {
  name     = "orders"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

data "aws_eks_cluster_auth" "orders" {
  name = aws_eks_cluster.orders.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.orders.endpoint
  token = data.aws_eks_cluster_auth.orders.token # want-none: ci-runner does not sign this token
}

# An empty key is no key: the provider goes on to the run's own
# credentials, and ci-runner has no access entry.

provider "aws" {
  alias      = "blank"
  access_key = ""
}

data "aws_eks_cluster_auth" "blank" {
  provider = aws.blank
  name     = aws_eks_cluster.orders.name
}

provider "kubernetes" {
  alias = "blank"
  host  = aws_eks_cluster.orders.endpoint
  token = data.aws_eks_cluster_auth.blank.token # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/ci-runner \(ambient credentials of provider aws\.blank, declared in plugin config execution_roles\)`
}

# Keys are only where an assumed role starts from: the role is who signs.

provider "aws" {
  alias      = "deployer"
  access_key = var.deploy_access_key
  secret_key = var.deploy_secret_key
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer" # want eksauth_role_not_mapped `as arn:aws:iam::111122223333:role/deployer \(assume_role of provider aws\.deployer\)`
  }
}

data "aws_eks_cluster_auth" "deployer" {
  provider = aws.deployer
  name     = aws_eks_cluster.orders.name
}

provider "kubernetes" {
  alias = "deployer"
  host  = aws_eks_cluster.orders.endpoint
  token = data.aws_eks_cluster_auth.deployer.token
}
