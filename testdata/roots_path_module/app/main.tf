# The path is built from path.module: the hub's grants still decide, and
# the app's role is not among them.
data "terraform_remote_state" "hub" {
  backend = "local"
  config = {
    path = "${path.module}/../hub/terraform.tfstate"
  }
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::444455556666:role/app-runner" # want eksauth_role_not_mapped `EKS cluster module\.eks of \.\./hub \(via data\.terraform_remote_state\.hub\.outputs\.cluster_name\) as arn:aws:iam::444455556666:role/app-runner .*which module\.eks access_entries \(\.\./hub/main\.tf:11\) does not grant access to`
  }
}

data "aws_eks_cluster_auth" "hub" {
  name = data.terraform_remote_state.hub.outputs.cluster_name
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.hub.token
}
