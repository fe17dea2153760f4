# An access entry with neither an access policy nor a Kubernetes group
# authenticates, and every request it makes is Forbidden. The module drops
# keys it does not know without a word (terraform-aws-eks 3587), which is
# how such entries usually come about.

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "perms"
  kubernetes_version = "1.33"

  access_entries = {
    # Misspelt: the module reads policy_associations.
    ci = { # want eksauth_access_entry_no_permissions `^module\.eks access_entries\["ci"\] lets arn:aws:iam::111122223333:role/ci authenticate to EKS cluster module\.eks with no access policy and no Kubernetes group: every request it makes is Forbidden \(key "access_policy_associations" is not one the module reads: it is dropped without a word\)$`
      principal_arn = "arn:aws:iam::111122223333:role/ci"
      access_policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
    # Nothing at all.
    auditor = {
      principal_arn = "arn:aws:iam::111122223333:role/auditor" # want eksauth_access_entry_no_permissions `^module\.eks access_entries\["auditor"\] lets arn:aws:iam::111122223333:role/auditor authenticate to EKS cluster module\.eks with no access policy and no Kubernetes group: every request it makes is Forbidden$`
    }
    admin = { # want-none
      principal_arn = "arn:aws:iam::111122223333:role/admin"
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
    # Kubernetes groups bound by RBAC elsewhere: fine.
    devs = { # want-none
      principal_arn     = "arn:aws:iam::111122223333:role/developer"
      kubernetes_groups = ["developers"]
    }
    # Node roles need neither.
    nodes = { # want-none: a node entry
      principal_arn = "arn:aws:iam::111122223333:role/hybrid-nodes"
      type          = "HYBRID_LINUX"
    }
  }
}

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

# Created, but nobody associated a policy.
resource "aws_eks_access_entry" "deployer" {
  cluster_name  = aws_eks_cluster.raw.name
  principal_arn = "arn:aws:iam::111122223333:role/deployer" # want eksauth_access_entry_no_permissions `^aws_eks_access_entry\.deployer lets arn:aws:iam::111122223333:role/deployer authenticate to EKS cluster aws_eks_cluster\.raw with no access policy and no Kubernetes group`
}

# Associated through the entry's own attribute.
resource "aws_eks_access_entry" "operator" { # want-none
  cluster_name  = aws_eks_cluster.raw.name
  principal_arn = "arn:aws:iam::111122223333:role/operator"
}

resource "aws_eks_access_policy_association" "operator" {
  cluster_name  = aws_eks_cluster.raw.name
  principal_arn = aws_eks_access_entry.operator.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
  access_scope {
    type       = "namespace"
    namespaces = ["apps"]
  }
}

# Associated by repeating the principal ARN.
resource "aws_eks_access_entry" "viewer" { # want-none
  cluster_name  = aws_eks_cluster.raw.name
  principal_arn = "arn:aws:iam::111122223333:role/viewer"
}

resource "aws_eks_access_policy_association" "viewer" {
  cluster_name  = "raw"
  principal_arn = "arn:aws:iam::111122223333:role/viewer"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_entry" "nodes" { # want-none: a node entry
  cluster_name  = aws_eks_cluster.raw.name
  principal_arn = "arn:aws:iam::111122223333:role/nodes"
  type          = "EC2_LINUX"
}

# Entries made by the module, policies associated as resources: they
# count for the module's entries too (same cluster, same principal).

module "apps" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "apps"
  kubernetes_version = "1.33"

  access_entries = {
    deployer = { # want-none: associated below, as a resource
      principal_arn = "arn:aws:iam::111122223333:role/deployer"
    }
    auditor = {
      principal_arn = "arn:aws:iam::111122223333:role/auditor" # want eksauth_access_entry_no_permissions `^module\.apps access_entries\["auditor"\] lets arn:aws:iam::111122223333:role/auditor authenticate to EKS cluster module\.apps with no access policy and no Kubernetes group: every request it makes is Forbidden$`
    }
  }
}

resource "aws_eks_access_policy_association" "apps_deployer" {
  cluster_name  = module.apps.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/deployer"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
  access_scope {
    type       = "namespace"
    namespaces = ["apps"]
  }
}

# An association whose principal is another reference (module.iam.role_arn,
# which tflint does not evaluate) may be for any entry of its cluster:
# whether they have a policy cannot be told.

module "iam" {
  source = "./iam"
}

module "jobs" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "jobs"
  kubernetes_version = "1.33"

  access_entries = {
    release = { # want-none: module.iam.role_arn may be this role (it is)
      principal_arn = "arn:aws:iam::111122223333:role/release"
    }
  }
}

resource "aws_eks_access_policy_association" "jobs_release" {
  cluster_name  = module.jobs.cluster_name
  principal_arn = module.iam.role_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
  access_scope {
    type = "cluster"
  }
}
