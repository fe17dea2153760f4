# A grant written as a template (a for expression, a resource with
# for_each or count, an entry passed to merge) makes no grant while its
# collection is empty, so a value EKS rejects stays hidden until someone
# adds the first element and the apply fails for it. The literal parts of
# the template are checked like concrete values, once, where they are
# written.

variable "admin_roles" {
  type    = list(string)
  default = []
}

variable "deploy_roles" {
  type    = list(string)
  default = ["arn:aws:iam::111122223333:role/deployer"]
}

variable "extra_entries" {
  type    = any
  default = {}
}

locals {
  base_entries = {
    breakglass = {
      principal_arn     = "arn:aws:iam::111122223333:role/breakglass"
      kubernetes_groups = ["system:masters"] # want-none: reported on the merge below, as the entry breakglass
    }
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"

  cluster_name    = "templates"
  cluster_version = "1.30"

  access_entries = merge( # want eksauth_access_entry_reserved_group `^module\.eks access_entries\["breakglass"\] for EKS cluster module\.eks gives arn:aws:iam::111122223333:role/breakglass the Kubernetes group "system:masters": EKS rejects`
    local.base_entries,
    var.extra_entries,
    { for r in var.admin_roles : r => {
      principal_arn     = r
      kubernetes_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^module\.eks access_entries for EKS cluster module\.eks gives every element of the for expression over var\.admin_roles the Kubernetes group "system:masters": EKS rejects access entry groups that start with "system:", so the template is wrong for every element, whether or not it has any today; associate an access policy`
    } },
    { for r in var.deploy_roles : r => {
      principal_arn     = r
      kubernetes_groups = ["deployers", "system:${basename(r)}"] # want eksauth_access_entry_reserved_group `gives every element of the for expression over var\.deploy_roles the Kubernetes group "system:<…>": EKS rejects`
      user_name         = "eks:${basename(r)}" # want eksauth_access_entry_reserved_group `gives every element of the for expression over var\.deploy_roles the user_name "eks:<…>": EKS rejects user names that start with "eks:", so the template is wrong for every element`
    } },
    { for r in var.admin_roles : "view-${r}" => {
      principal_arn     = r
      kubernetes_groups = ["viewers-${basename(r)}", "${basename(r)}:system"] # want-none: no reserved prefix whatever r is
      user_name         = "${basename(r)}:eks"                             # want-none: the reserved prefix would have to come first
      policy_associations = {
        view = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
          access_scope = { type = "cluster" }
        }
      }
    } },
  )
}

# Raw resources: a for_each or count over an empty collection drops every
# instance, and the literal attributes with it.

resource "aws_eks_cluster" "raw" {
  name     = "raw"
  role_arn = "arn:aws:iam::111122223333:role/eks-cluster"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "admins" {
  for_each          = toset(var.admin_roles)
  cluster_name      = aws_eks_cluster.raw.name
  principal_arn     = each.value
  kubernetes_groups = ["system:masters"] # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.admins for EKS cluster aws_eks_cluster\.raw gives every instance of its for_each over toset\(var\.admin_roles\) the Kubernetes group "system:masters": EKS rejects`
}

resource "aws_eks_access_entry" "deployers" {
  count             = length(var.deploy_roles)
  cluster_name      = aws_eks_cluster.raw.name
  principal_arn     = var.deploy_roles[count.index]
  kubernetes_groups = ["deployers"]
  user_name         = "iam:deployer-${count.index}" # want eksauth_access_entry_reserved_group `^aws_eks_access_entry\.deployers for EKS cluster aws_eks_cluster\.raw gives every instance of its count the user_name "iam:deployer-<…>": EKS rejects user names that start with "iam:", so the template is wrong for every instance`
}

resource "aws_eks_access_entry" "sessions" {
  for_each      = toset(var.admin_roles)
  cluster_name  = aws_eks_cluster.raw.name
  principal_arn = "arn:aws:sts::111122223333:assumed-role/${each.value}" # want eksauth_role_arn_path `^aws_eks_access_entry\.sessions for EKS cluster aws_eks_cluster\.raw gives every instance of its for_each over toset\(var\.admin_roles\) the principal arn:aws:sts::111122223333:assumed-role/<…>, an STS session ARN: EKS rejects session ARNs`
}

# Look-alikes: values taken from each element, paths access entries accept.

resource "aws_eks_access_entry" "teams" {
  for_each          = { for t in var.admin_roles : t => basename(t) }
  cluster_name      = aws_eks_cluster.raw.name
  principal_arn     = "arn:aws:iam::111122223333:role/teams/${each.value}" # want-none: access entries accept IAM paths
  kubernetes_groups = [each.value, "team-${each.key}"]                      # want-none: nothing reserved is written
}
