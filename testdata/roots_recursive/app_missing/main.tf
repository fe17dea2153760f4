# The state's directory holds no root module: said once, and the role is
# not judged.
data "terraform_remote_state" "cluster" {
  backend = "local"
  config = { # want eksauth_context_unavailable `the root module \.\./gone that data\.terraform_remote_state\.cluster reads cannot be read: \.\./gone does not exist; access to its clusters was not checked`
    path = "../gone/terraform.tfstate"
  }
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/app-ci" # want-none
  }
}

data "aws_eks_cluster_auth" "this" {
  name = data.terraform_remote_state.cluster.outputs.cluster_name
}

provider "kubernetes" {
  host  = data.terraform_remote_state.cluster.outputs.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
