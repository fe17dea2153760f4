# aws-auth lists written as templates: a rolearn whose literal beginning
# already holds an IAM path, or an STS session ARN, can never match,
# whatever the iteration adds, and whether or not the list has elements
# today.

variable "sso_roles" {
  type    = list(string)
  default = []
}

variable "ci_sessions" {
  type    = list(string)
  default = ["github"]
}

# v19: aws_auth_roles, applied with manage_aws_auth_configmap.
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"

  cluster_name    = "auth-templates"
  cluster_version = "1.29"

  manage_aws_auth_configmap = true
  aws_auth_roles = concat( # want eksauth_role_arn_path `^module\.eks aws_auth_roles\[0\] for EKS cluster module\.eks writes arn:aws:iam::111122223333:role/service-role/ops with the IAM path /service-role/`
    [for r in var.sso_roles : {
      rolearn  = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/${r}" # want eksauth_role_arn_path `^module\.eks aws_auth_roles for EKS cluster module\.eks maps every element of the for expression over var\.sso_roles as arn:aws:iam::111122223333:role/aws-reserved/sso\.amazonaws\.com/eu-west-1/<…> with the IAM path /aws-reserved/sso\.amazonaws\.com/eu-west-1/: aws-auth compares the path-less ARN STS presents, so it never matches, so the template is wrong for every element, whether or not it has any today; write it without the path`
      username = "sso:{{SessionName}}"
      groups   = ["system:masters"]
    }],
    [for r in var.sso_roles : {
      rolearn  = "arn:aws:iam::111122223333:role/${r}" # want-none: no path, whatever r is
      username = r
      groups   = ["system:masters"] # want-none: aws-auth accepts system:masters
    }],
    [{
      rolearn  = "arn:aws:iam::111122223333:role/service-role/ops" # want-none: reported on the concat above, as item 0
      username = "ops"
      groups   = ["system:masters"]
    }],
  )
}

# v17: map_roles, managed by default.
module "legacy" {
  source  = "terraform-aws-modules/eks/aws"
  version = "17.24.0"

  cluster_name    = "legacy-templates"
  cluster_version = "1.21"
  subnets         = ["subnet-1"]
  vpc_id          = "vpc-1"

  map_roles = [for s in var.ci_sessions : {
    rolearn  = "arn:aws:sts::111122223333:assumed-role/ci/${s}" # want eksauth_role_arn_path `^module\.legacy map_roles for EKS cluster module\.legacy maps every element of the for expression over var\.ci_sessions as arn:aws:sts::111122223333:assumed-role/ci/<…>, an STS session ARN, which aws-auth never matches, so the template is wrong for every element`
    username = "ci"
    groups   = ["system:masters"]
  }]
}

# A ConfigMap written by hand, bound to its cluster through the provider.
resource "aws_eks_cluster" "raw" {
  name     = "raw"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

provider "kubernetes" {
  alias = "raw"
  host  = aws_eks_cluster.raw.endpoint
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", aws_eks_cluster.raw.name]
  }
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  provider = kubernetes.raw
  force    = true
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([for r in var.sso_roles : {
      rolearn  = "arn:aws:iam::111122223333:role/service-role/${r}" # want eksauth_role_arn_path `^kubernetes_config_map_v1_data\.aws_auth mapRoles for EKS cluster aws_eks_cluster\.raw maps every element of the for expression over var\.sso_roles as arn:aws:iam::111122223333:role/service-role/<…> with the IAM path /service-role/`
      username = r
      groups   = ["system:masters"]
    }])
    mapUsers = yamlencode([for u in var.sso_roles : {
      userarn  = "arn:aws:iam::111122223333:user/${u}" # want-none: a user ARN, no path
      username = u
      groups   = ["viewers"]
    }])
  }
}
