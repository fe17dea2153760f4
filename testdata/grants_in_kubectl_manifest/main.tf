# aws-auth written as a kubectl_manifest: not read, so no certain finding.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "prod"
  cluster_version = "1.29"
}
data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}
provider "kubectl" {
  host             = module.eks.cluster_endpoint
  token            = data.aws_eks_cluster_auth.this.token
  load_config_file = false
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
        - rolearn: arn:aws:iam::111122223333:role/ci
          username: ci
          groups: ["system:masters"]
  YAML
}
