# The clean twin of external_configmap: the same aws-auth ConfigMaps for a
# cluster another configuration creates, with the ARNs written the way
# aws-auth matches them (no IAM path, roles rather than sessions; a plain
# role ARN in mapUsers is matched too). Nothing is reported.

data "terraform_remote_state" "platform" {
  backend = "s3"
  config = {
    bucket = "tfstate"
    key    = "platform.tfstate"
    region = "eu-west-1"
  }
}

provider "kubernetes" {
  host                   = data.terraform_remote_state.platform.outputs.cluster_endpoint
  cluster_ca_certificate = base64decode(data.terraform_remote_state.platform.outputs.cluster_ca)
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", data.terraform_remote_state.platform.outputs.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/deployer"] # want-none: no verdict on a cluster defined elsewhere
  }
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode([
      {
        rolearn  = "arn:aws:iam::111122223333:role/codebuild-deployer" # want-none
        username = "codebuild"
        groups   = ["deployers"]
      },
    ])
    mapUsers = local.oncall_users # want-none
  }
}

locals {
  oncall_users = <<-YAML
    - userarn: arn:aws:iam::111122223333:role/oncall
      username: oncall
      groups:
        - responders
  YAML
  sso_roles    = <<-YAML
    - rolearn: arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef
      username: sso-admin
      groups:
        - admins
  YAML
}

# The same cluster through an aliased provider, aws-auth written whole.
provider "kubernetes" {
  alias                  = "platform"
  host                   = data.terraform_remote_state.platform.outputs.cluster_endpoint
  cluster_ca_certificate = base64decode(data.terraform_remote_state.platform.outputs.cluster_ca)
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", data.terraform_remote_state.platform.outputs.cluster_name]
  }
}

resource "kubernetes_config_map" "aws_auth" {
  provider = kubernetes.platform
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = local.sso_roles # want-none
  }
}
