# aws-auth maps a role this configuration creates, by its arn. Its account
# is not known before apply, but its name is: jenkins-ec2-role is never
# the deployer role the provider assumes, in any account.

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::121212121212:role/deployer" # want eksauth_role_not_mapped `authenticates to EKS cluster module\.eks as arn:aws:iam::121212121212:role/deployer \(assume_role of provider aws\), which module\.eks aws_auth_roles does not map`
  }
}

resource "aws_iam_role" "jenkins" {
  name               = "jenkins-ec2-role"
  assume_role_policy = "{}"
}

module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 19.21"
  cluster_name    = "builds"
  cluster_version = "1.28"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = aws_iam_role.jenkins.arn, username = "jenkins", groups = ["system:masters"] },
  ]
}

data "aws_eks_cluster_auth" "builds" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.builds.token
}
