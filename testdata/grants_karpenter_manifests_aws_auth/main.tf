# The look-alike twin: a manifest that may really be aws-auth (its kind,
# name and namespace say so, its roles come from another module) is
# created, so what the cluster grants cannot be told and nothing is said.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::777788889999:role/deploy" # want-none
  }
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 19.15"
  cluster_name    = "nodes"
  cluster_version = "1.27"
}

module "karpenter" {
  source       = "terraform-aws-modules/eks/aws//modules/karpenter"
  version      = "~> 19.15"
  cluster_name = module.eks.cluster_name
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubectl" {
  host             = module.eks.cluster_endpoint
  token            = data.aws_eks_cluster_auth.this.token
  load_config_file = false
}

resource "kubectl_manifest" "node_class" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      role: ${module.karpenter.role_name}
  YAML
}

resource "kubectl_manifest" "aws_auth" {
  yaml_body = <<-YAML
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: aws-auth
      namespace: kube-system
    data:
      mapRoles: |
        - rolearn: ${module.karpenter.role_arn}
          username: system:node:{{EC2PrivateDNSName}}
          groups: ["system:nodes"]
        - rolearn: ${var.deploy_role_arn}
          username: deploy
          groups: ["system:masters"]
  YAML
}

variable "deploy_role_arn" {
  type = string
}
