# Every provider here presents a token another root wrote into its state
# when it was last applied: expired by the time this root runs, whatever
# backend holds the state.

data "terraform_remote_state" "cluster" {
  backend = "local"
  config = {
    path = "../cluster/terraform.tfstate"
  }
}

provider "kubernetes" {
  host  = data.terraform_remote_state.cluster.outputs.endpoint
  token = data.terraform_remote_state.cluster.outputs.auth_token # want eksauth_static_token `^kubernetes provider authenticates to EKS cluster aws_eks_cluster\.main of \.\./cluster \(via data\.terraform_remote_state\.cluster\.outputs\.endpoint\) with a static token from another root's state output data\.terraform_remote_state\.cluster\.outputs\.auth_token: it was made when that root was last applied, and EKS tokens expire within 15 minutes, so runs fail with Unauthorized; make the token in this root with data "aws_eks_cluster_auth" or exec with aws eks get-token$`
}

# State in s3: the other root is out of sight, the data source's name says EKS.
data "terraform_remote_state" "eks" {
  backend = "s3"
  config = {
    bucket = "acme-tfstate"
    key    = "eks/terraform.tfstate"
    region = "eu-west-1"
  }
}

locals {
  eks_token = data.terraform_remote_state.eks.outputs["token"]
}

provider "kubernetes" {
  alias = "s3"
  host  = data.terraform_remote_state.eks.outputs.endpoint
  token = local.eks_token # want eksauth_static_token `^kubernetes\.s3 provider authenticates to the cluster at data\.terraform_remote_state\.eks\.outputs\.endpoint \(EKS, judging by the name of data\.terraform_remote_state\.eks\) with a static token from local\.eks_token, which reads another root's state output data\.terraform_remote_state\.eks\.outputs\["token"\]: it was made when that root was last applied`
}

# HCP Terraform outputs: the output's name says EKS.
data "tfe_outputs" "platform" {
  organization = "acme"
  workspace    = "platform"
}

provider "helm" {
  kubernetes = {
    host  = data.tfe_outputs.platform.nonsensitive_values.api_server
    token = trimspace(data.tfe_outputs.platform.values.eks_token) # want eksauth_static_token `^helm provider authenticates to the cluster at data\.tfe_outputs\.platform\.nonsensitive_values\.api_server \(EKS, judging by the name of data\.tfe_outputs\.platform\.values\.eks_token\) with a static token from an expression that reads another root's state output data\.tfe_outputs\.platform\.values\.eks_token: it was made`
  }
}
