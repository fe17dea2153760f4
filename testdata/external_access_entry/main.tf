# Access entries for a cluster another configuration creates: the grant
# alone shows that EKS rejects it, whatever the cluster is. The cluster's
# own settings are elsewhere, so whether the role Terraform runs as gets
# in is not decided (clean twin: external_access_entry_clean).

variable "cluster_name" {
  type    = string
  default = "prod"
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer" # want-none: the cluster is defined elsewhere, so no verdict
  }
}

data "aws_eks_cluster" "prod" {
  name = var.cluster_name
}

data "aws_eks_cluster_auth" "prod" {
  name = var.cluster_name
}

provider "kubernetes" {
  host                   = data.aws_eks_cluster.prod.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.prod.certificate_authority[0].data)
  token                  = data.aws_eks_cluster_auth.prod.token # want-none: eksauth_role_not_mapped cannot know the grants of a cluster defined elsewhere
}

# A literal name, copied from an aws-auth mapping.
resource "aws_eks_access_entry" "admins" {
  cluster_name      = "prod"
  principal_arn     = "arn:aws:iam::111122223333:role/platform-admin"
  kubernetes_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.admins for EKS cluster "prod" \(defined outside this module\) gives arn:aws:iam::111122223333:role/platform-admin the Kubernetes group "system:masters": EKS rejects access entry groups that start with "system:"`
}

# The same cluster by its data source, and an STS session for a principal.
resource "aws_eks_access_entry" "session" {
  cluster_name      = data.aws_eks_cluster.prod.name
  principal_arn     = "arn:aws:sts::111122223333:assumed-role/deployer/ci-run" # want eksauth_role_arn_path `^aws_eks_access_entry\.session for EKS cluster "prod" \(defined outside this module\) names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci-run: EKS rejects session ARNs in access entries; use the role ARN arn:aws:iam::111122223333:role/deployer$`
  kubernetes_groups = ["deployers"]
}

# A cluster whose name only a remote state knows: no policy and no group.
data "terraform_remote_state" "platform" {
  backend = "s3"
  config = {
    bucket = "tfstate"
    key    = "platform.tfstate"
    region = "eu-west-1"
  }
}

resource "aws_eks_access_entry" "viewer" {
  cluster_name  = data.terraform_remote_state.platform.outputs.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/viewer" # want eksauth_access_entry_no_permissions `^aws_eks_access_entry\.viewer lets arn:aws:iam::111122223333:role/viewer authenticate to the EKS cluster named by data\.terraform_remote_state\.platform\.outputs\.cluster_name with no access policy and no Kubernetes group: every request it makes is Forbidden$`
}
