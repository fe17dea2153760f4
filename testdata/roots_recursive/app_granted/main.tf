# The granted twin: the cluster root grants this role, so nothing is said.
data "terraform_remote_state" "cluster" {
  backend = "local"
  config = {
    path = "../cluster/terraform.tfstate"
  }
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/app-deployer" # want-none
  }
}

provider "kubernetes" {
  host = data.terraform_remote_state.cluster.outputs.cluster_endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", data.terraform_remote_state.cluster.outputs.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/app-deployer"]
  }
}
