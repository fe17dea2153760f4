# Karpenter's node classes and pools are written as kubectl manifests that
# name a role from another module. Their written kind and name show they
# are not aws-auth, and the aws-auth look-alike is switched off by count,
# so none of them hides the verdict: the CI role is not granted.

variable "enable_legacy_auth" {
  default = false
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::777788889999:role/deploy" # want eksauth_role_not_mapped `kubectl provider authenticates to EKS cluster module\.eks as arn:aws:iam::777788889999:role/deploy \(assume_role of provider aws\), which module\.eks access_entries does not grant access to`
  }
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "nodes"
  cluster_version = "1.30"

  access_entries = {
    ops = {
      principal_arn = "arn:aws:iam::777788889999:role/ops"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

module "karpenter" {
  source       = "terraform-aws-modules/eks/aws//modules/karpenter"
  version      = "~> 20.0"
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
      role: ${module.karpenter.node_iam_role_name}
      tags:
        cluster: ${upper(module.eks.cluster_name)}
  YAML
}

resource "kubectl_manifest" "legacy_template" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1alpha1
    kind: AWSNodeTemplate
    metadata:
      name: default
    spec:
      instanceProfile: ${module.karpenter.instance_profile_name}
  YAML
}

resource "kubectl_manifest" "node_pool" {
  yaml_body = yamlencode({
    apiVersion = "karpenter.sh/v1"
    kind       = "NodePool"
    metadata   = { name = "default" }
    spec       = { template = { spec = { nodeClassRef = { name = module.karpenter.node_iam_role_name } } } }
  })
}

# Looks like aws-auth, but is never created.
resource "kubectl_manifest" "legacy_auth" {
  count     = var.enable_legacy_auth ? 1 : 0
  yaml_body = <<-YAML
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: aws-auth
      namespace: kube-system
    data:
      mapRoles: |
        - rolearn: ${module.karpenter.node_iam_role_arn}
          username: system:node:{{EC2PrivateDNSName}}
  YAML
}
