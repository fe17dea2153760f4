# The twin of static_token_state: tokens made in this run, and a state
# token for a cluster that is not EKS (a service account's, which does not
# expire).

data "terraform_remote_state" "eks" {
  backend = "s3"
  config = {
    bucket = "acme-tfstate"
    key    = "eks/terraform.tfstate"
    region = "eu-west-1"
  }
}

# The child module reads aws_eks_cluster_auth in this run: its output is as
# fresh as the data source.
module "auth" {
  source       = "./modules/auth"
  cluster_name = data.terraform_remote_state.eks.outputs.cluster_name
}

provider "kubernetes" {
  host  = data.terraform_remote_state.eks.outputs.endpoint
  token = module.auth.token # want-none: made in this run
}

data "aws_eks_cluster_auth" "eks" {
  name = data.terraform_remote_state.eks.outputs.cluster_name
}

provider "helm" {
  kubernetes {
    host  = data.terraform_remote_state.eks.outputs.endpoint
    token = data.aws_eks_cluster_auth.eks.token # want-none: only the cluster's name comes from state
  }
}

data "terraform_remote_state" "onprem" {
  backend = "s3"
  config = {
    bucket = "acme-tfstate"
    key    = "onprem/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "kubernetes" {
  alias = "onprem"
  host  = "https://k8s.internal.example.com:6443"
  token = data.terraform_remote_state.onprem.outputs.service_account_token # want-none: not an EKS cluster
}
