# The app root reads the cluster's name from the cluster root's state. Its
# role is not granted there: the finding is the app root's, and says where
# the cluster and its grants live.
data "terraform_remote_state" "cluster" {
  backend = "local"
  config = {
    path = "../cluster/terraform.tfstate"
  }
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/app-ci" # want eksauth_role_not_mapped `kubernetes provider authenticates to EKS cluster module\.eks of \.\./cluster \(via data\.terraform_remote_state\.cluster\.outputs\.cluster_name\) as arn:aws:iam::111122223333:role/app-ci \(assume_role of provider aws\), which module\.eks access_entries \(\.\./cluster/main\.tf:12\) does not grant access to; to fix, add it to`
  }
}

data "aws_eks_cluster_auth" "this" {
  name = data.terraform_remote_state.cluster.outputs.cluster_name
}

provider "kubernetes" {
  host  = data.terraform_remote_state.cluster.outputs.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
