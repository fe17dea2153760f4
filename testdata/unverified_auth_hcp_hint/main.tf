# The configuration runs in HCP Terraform, but hcp_terraform is off: the
# run checked is the local one alone, and the notice says where the real
# runs are and how to check them.

terraform {
  cloud {
    organization = "ledgerworks"
    workspaces {
      name = "eks-prod"
    }
  }
}

resource "aws_eks_cluster" "prod" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
}

data "aws_eks_cluster_auth" "prod" {
  name = aws_eks_cluster.prod.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.prod.endpoint
  token = data.aws_eks_cluster_auth.prod.token # want eksauth_unverified_auth `^kubernetes provider \(main\.tf:26\) access to EKS cluster aws_eks_cluster\.prod cannot be verified in the local run: the local run uses ambient credentials, and execution_roles does not name them; it runs in HCP Terraform workspace ledgerworks/eks-prod: enable hcp_terraform to check its runs$`
}
