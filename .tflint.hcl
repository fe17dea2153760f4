# The configuration to copy into your repository as .tflint.hcl.
# `tflint --init` installs the plugin from its GitHub release.

plugin "eksauth" {
  enabled = true
  source  = "github.com/eksauth/tflint-ruleset-eksauth"
  version = "0.1.0"

  # Roles Terraform runs as that the configuration does not name: the
  # instance role of a CI runner or of an HCP Terraform agent. Wherever a
  # provider uses the run's own (ambient) credentials, eksauth checks each
  # of these roles against the cluster's grants. Without them, ambient
  # credentials are unknown and produce no finding.
  # execution_roles = ["arn:aws:iam::111122223333:role/github-actions"]

  # Principals known to have created the clusters. The creator keeps an
  # implicit admin binding (unless the cluster was created with
  # bootstrap_cluster_creator_admin_permissions = false or with
  # terraform-aws-modules/eks v20+), so it needs no mapping of its own.
  # cluster_creator_arns = ["arn:aws:iam::111122223333:role/platform-admin"]
}
