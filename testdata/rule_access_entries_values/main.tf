# access_entries need not be a map written in place: a variable, a for
# expression or merge(...) are read as values (they once crashed the
# plugin), and their entries are checked like any other. The entries have
# no expression of their own, so issues point at the access_entries value.

variable "entries" {
  type = any
  default = {
    auditor = {
      principal_arn = "arn:aws:iam::111122223333:role/auditor"
    }
    admins = {
      principal_arn     = "arn:aws:iam::111122223333:role/platform-admin"
      kubernetes_groups = ["system:masters"]
    }
  }
}

variable "teams" {
  type    = list(string)
  default = ["web", "data"]
}

variable "unset_entries" {
  type = any
}

# A variable with a value.
module "from_var" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "from-var"
  kubernetes_version = "1.33"

  access_entries = var.entries # want eksauth_access_entry_no_permissions `^module\.from_var access_entries\["auditor"\] lets arn:aws:iam::111122223333:role/auditor authenticate to EKS cluster module\.from_var with no access policy and no Kubernetes group: every request it makes is Forbidden$` eksauth_access_entry_reserved_group `^module\.from_var access_entries\["admins"\] for EKS cluster module\.from_var gives arn:aws:iam::111122223333:role/platform-admin the Kubernetes group "system:masters": EKS rejects access entry groups that start with "system:"`
}

# A for expression.
module "from_for" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "from-for"
  kubernetes_version = "1.33"

  access_entries = { for t in var.teams : t => { principal_arn = "arn:aws:iam::111122223333:role/${t}-deployer" } } # want eksauth_access_entry_no_permissions `^module\.from_for access_entries\["data"\] lets arn:aws:iam::111122223333:role/data-deployer authenticate` eksauth_access_entry_no_permissions `^module\.from_for access_entries\["web"\] lets arn:aws:iam::111122223333:role/web-deployer authenticate`
}

# merge(...) of a variable and a map written in place.
module "from_merge" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "from-merge"
  kubernetes_version = "1.33"

  access_entries = merge(var.entries, { # want eksauth_access_entry_no_permissions `^module\.from_merge access_entries\["auditor"\] lets arn:aws:iam::111122223333:role/auditor authenticate` eksauth_access_entry_reserved_group `^module\.from_merge access_entries\["admins"\] for EKS cluster module\.from_merge gives arn:aws:iam::111122223333:role/platform-admin the Kubernetes group "system:masters"` eksauth_role_arn_path `^module\.from_merge access_entries\["ci"\] for EKS cluster module\.from_merge names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci: EKS rejects session ARNs in access entries; use the role ARN arn:aws:iam::111122223333:role/deployer$`
    ci = {
      principal_arn     = "arn:aws:sts::111122223333:assumed-role/deployer/ci"
      kubernetes_groups = ["deployers"]
    }
  })
}

# A variable with no value: nothing to check, and no crash.
module "from_unset" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = "from-unset"
  kubernetes_version = "1.33"

  access_entries = var.unset_entries # want-none: what it holds is unknown
}
