# aws-auth written through a kubernetes provider whose cluster another
# configuration creates (its name comes from a remote state). What aws-auth
# does with an ARN does not depend on the cluster: a rolearn with an IAM
# path and an STS session never match (clean twin: external_configmap_clean).

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
        rolearn  = "arn:aws:iam::111122223333:role/service-role/codebuild-deployer" # want eksauth_role_arn_path `^kubernetes_config_map_v1_data\.aws_auth mapRoles\[0\] for the EKS cluster named by data\.terraform_remote_state\.platform\.outputs\.cluster_name writes arn:aws:iam::111122223333:role/service-role/codebuild-deployer with the IAM path /service-role/: aws-auth compares the path-less ARN STS presents, so it never matches; write arn:aws:iam::111122223333:role/codebuild-deployer$`
        username = "codebuild"
        groups   = ["deployers"]
      },
    ])
    mapUsers = local.oncall_users # want eksauth_role_arn_path `^kubernetes_config_map_v1_data\.aws_auth mapUsers\[0\] for the EKS cluster named by data\.terraform_remote_state\.platform\.outputs\.cluster_name names the STS session arn:aws:sts::111122223333:assumed-role/oncall/alice, which aws-auth never matches: use the role ARN arn:aws:iam::111122223333:role/oncall$`
  }
}

locals {
  oncall_users = <<-YAML
    - userarn: arn:aws:sts::111122223333:assumed-role/oncall/alice
      username: oncall
      groups:
        - responders
  YAML
  sso_roles    = <<-YAML
    - rolearn: arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef
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
    mapRoles = local.sso_roles # want eksauth_role_arn_path `^kubernetes_config_map\.aws_auth mapRoles\[0\] for the EKS cluster named by data\.terraform_remote_state\.platform\.outputs\.cluster_name writes arn:aws:iam::111122223333:role/aws-reserved/sso\.amazonaws\.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef with the IAM path /aws-reserved/sso\.amazonaws\.com/eu-west-1/`
  }
}
