# The twin spells the path with path.root and runs as the granted role:
# nothing is said.
data "terraform_remote_state" "hub" {
  backend = "local"
  config = {
    path = "${path.root}/../hub/terraform.tfstate"
  }
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::444455556666:role/platform" # want-none
  }
}

data "aws_eks_cluster_auth" "hub" {
  name = data.terraform_remote_state.hub.outputs.cluster_name
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.hub.token
}
