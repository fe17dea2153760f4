# Module v17 keeps the creator's implicit binding, which belongs to
# whoever first created the cluster: maybe the run's own credentials, before
# the assume_role was written. So an exec that ignores the assumed role is a
# warning here, not a certain denial.

terraform {
  required_providers {
    kubectl = {
      source  = "gavinbunney/kubectl"
      version = ">= 1.14"
    }
  }
}

provider "aws" {
  region = "us-east-1"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/eks-admin"
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "17.24.0"

  cluster_name    = "legacy"
  cluster_version = "1.21"
  vpc_id          = "vpc-1"
  subnets         = ["subnet-1"]

  map_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/eks-admin"
      username = "eks-admin"
      groups   = ["system:masters"]
    },
  ]
}

data "aws_eks_cluster" "legacy" {
  name = module.eks.cluster_id
}

provider "kubectl" {
  host                   = data.aws_eks_cluster.legacy.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.legacy.certificate_authority[0].data)
  load_config_file       = false
  exec { # want eksauth_identity_mismatch `^kubectl provider authenticates to EKS cluster module\.eks with the run's own credentials \(ambient credentials of aws eks get-token\), not as arn:aws:iam::111122223333:role/eks-admin \(assume_role of provider aws, main\.tf:18\), the role the cluster is created with`
    api_version = "client.authentication.k8s.io/v1alpha1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_id]
  }
}

provider "kubectl" {
  alias                  = "as_admin"
  host                   = data.aws_eks_cluster.legacy.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.legacy.certificate_authority[0].data)
  load_config_file       = false
  exec { # want-none: the exec assumes the mapped role through AWS_ROLE_ARN
    api_version = "client.authentication.k8s.io/v1alpha1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_id]
    env = {
      AWS_ROLE_ARN = "arn:aws:iam::111122223333:role/eks-admin"
    }
  }
}
