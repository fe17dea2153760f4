# The app finds prod by name and staging through an s3 remote state; both
# roots are named in cluster_roots. The ci role is granted in neither; the
# deployer role, in both.
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/app-ci" # want eksauth_role_not_mapped `kubernetes\.prod provider authenticates to EKS cluster aws_eks_cluster\.prod of \.\./cluster \(by its name "prod"\) as arn:aws:iam::111122223333:role/app-ci \(assume_role of provider aws\), which aws_eks_access_entry\.deployer \(\.\./cluster/main\.tf:23\) does not grant access to` eksauth_role_not_mapped `kubernetes\.staging provider authenticates to EKS cluster module\.eks of \.\./platform/eks \(via data\.terraform_remote_state\.platform\.outputs\.cluster_name\) as arn:aws:iam::111122223333:role/app-ci \(assume_role of provider aws\), which module\.eks aws_auth_roles \(\.\./platform/eks/main\.tf:15\) does not map`
  }
}

provider "aws" {
  alias = "deployer"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer" # want-none: granted in both roots
  }
}

data "aws_eks_cluster" "prod" {
  name = "prod"
}

data "terraform_remote_state" "platform" {
  backend = "s3"
  config = {
    bucket = "acme-tfstate"
    key    = "platform/eks.tfstate"
    region = "eu-west-1"
  }
}

data "aws_eks_cluster_auth" "prod" {
  name = data.aws_eks_cluster.prod.name
}

data "aws_eks_cluster_auth" "staging" {
  name = data.terraform_remote_state.platform.outputs.cluster_name
}

data "aws_eks_cluster_auth" "prod_deployer" {
  provider = aws.deployer
  name     = data.aws_eks_cluster.prod.name
}

data "aws_eks_cluster_auth" "staging_deployer" {
  provider = aws.deployer
  name     = data.terraform_remote_state.platform.outputs.cluster_name
}

provider "kubernetes" { # want eksauth_context_unavailable `the root module \.\./nowhere named in cluster_roots cannot be read: \.\./nowhere does not exist` eksauth_context_unavailable `the root module \.\./broken named in cluster_roots cannot be read: \.\./broken does not parse \(\.\./broken/main\.tf:2,`
  alias = "prod"
  host  = data.aws_eks_cluster.prod.endpoint
  token = data.aws_eks_cluster_auth.prod.token
}

provider "kubernetes" {
  alias = "staging"
  host  = data.terraform_remote_state.platform.outputs.cluster_endpoint
  token = data.aws_eks_cluster_auth.staging.token
}

provider "kubernetes" {
  alias = "prod_deployer"
  host  = data.aws_eks_cluster.prod.endpoint
  token = data.aws_eks_cluster_auth.prod_deployer.token
}

provider "kubernetes" {
  alias = "staging_deployer"
  host  = data.terraform_remote_state.platform.outputs.cluster_endpoint
  token = data.aws_eks_cluster_auth.staging_deployer.token
}
