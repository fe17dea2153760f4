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

  # A git revision to compare with (a PR job's base). Findings then say
  # "changed from <old role> at origin/main". The environment variable
  # EKSAUTH_BASELINE_REF sets it too, so this file can serve pre-commit
  # (no baseline) and PR jobs alike.
  # baseline_ref = "origin/main"

  # Adoption mode for existing estates: report unmapped roles only where
  # they are new or changed against the baseline. Needs a baseline.
  # only_changed_roles = true

  # Directories, relative to the linted module, of root modules that create
  # or grant access to the clusters this configuration uses, for links
  # eksauth cannot follow by itself (an s3 remote state, a cluster looked
  # up by name). A terraform_remote_state with the local backend is
  # followed without it. Only directories inside the repository are read.
  # cluster_roots = ["../cluster"]

  # Check the runs of the HCP Terraform workspaces this configuration runs
  # in (their variables, dynamic credentials, agent roles). Opt-in: it
  # reads the API with your token (TF_TOKEN_app_terraform_io, the CLI
  # credentials file, or TFE_TOKEN). It also reads the workspace a
  # configuration takes its cluster from (data "tfe_outputs", a remote
  # backend terraform_remote_state) to judge that cluster's grants.
  # hcp_terraform {
  #   enabled = true
  #   timeout = "10s"
  # }
}

# eksauth_unverified_auth lists, as notices, every provider eksauth could
# not check (for audits); it is off by default.
# rule "eksauth_unverified_auth" {
#   enabled = true
# }
