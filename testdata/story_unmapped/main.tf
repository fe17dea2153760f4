# The story: a v19 cluster made from a laptop, then Terraform moved to a
# Terraform Cloud agent. var.role_arn now names the agent's role
# (terraform.tfvars), which aws_auth_roles does not map.

variable "role_arn" {
  type = string
}

provider "aws" {
  region = "eu-west-1"
  assume_role {
    role_arn = var.role_arn # want eksauth_role_not_mapped `^kubernetes provider authenticates to EKS cluster module\.eks as arn:aws:iam::111122223333:role/tfc-agent \(assume_role of provider aws, from var\.role_arn = terraform\.tfvars\), which module\.eks aws_auth_roles does not map; only the principal that created the cluster has implicit access; to fix, add arn:aws:iam::111122223333:role/tfc-agent to module\.eks aws_auth_roles; if arn:aws:iam::111122223333:role/tfc-agent created this cluster, list it in cluster_creator_arns$`
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"

  cluster_name    = "platform"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/platform-admin"
      username = "platform-admin"
      groups   = ["system:masters"]
    },
  ]
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host                   = module.eks.cluster_endpoint
  cluster_ca_certificate = base64decode(module.eks.cluster_certificate_authority_data)
  token                  = data.aws_eks_cluster_auth.this.token
}

resource "kubernetes_namespace" "apps" {
  metadata {
    name = "apps"
  }
}
