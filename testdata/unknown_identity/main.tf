# Identities eksauth cannot know produce no finding: a role from a module
# output (unless the grant names the same output), a variable without a
# value, a profile, a kubeconfig.

module "iam" {
  source = "./iam"
}

variable "unset_role" {
  type = string
}

provider "aws" {
  alias = "from_module"
  assume_role {
    role_arn = module.iam.deployer_arn # want-none: the same output is granted below
  }
}

provider "aws" {
  alias = "other_module_output"
  assume_role {
    role_arn = module.iam.other_arn # want-none: cannot tell
  }
}

provider "aws" {
  alias = "unset"
  assume_role {
    role_arn = var.unset_role # want-none: no value
  }
}

provider "aws" {
  alias   = "profile"
  profile = "platform" # want-none: a profile's role is not visible
}

resource "aws_eks_cluster" "this" {
  name     = "unknown"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "deployer" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = module.iam.deployer_arn
  kubernetes_groups = ["platform-admins"]
}

data "aws_eks_cluster_auth" "from_module" {
  provider = aws.from_module
  name     = aws_eks_cluster.this.name
}

data "aws_eks_cluster_auth" "other_module_output" {
  provider = aws.other_module_output
  name     = aws_eks_cluster.this.name
}

data "aws_eks_cluster_auth" "unset" {
  provider = aws.unset
  name     = aws_eks_cluster.this.name
}

data "aws_eks_cluster_auth" "profile" {
  provider = aws.profile
  name     = aws_eks_cluster.this.name
}

provider "kubernetes" {
  alias = "from_module"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.from_module.token
}

provider "kubernetes" {
  alias = "other_module_output"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.other_module_output.token
}

provider "kubernetes" {
  alias = "unset"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.unset.token
}

provider "kubernetes" {
  alias = "profile"
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.profile.token
}

provider "kubernetes" {
  alias       = "kubeconfig"
  config_path = "~/.kube/config"
}
