# One tflint configuration for every Terraform module of the repository.
# Both pre-commit hooks (and CI) pass it to tflint by absolute path; tflint
# --recursive would otherwise look for a .tflint.hcl in each module directory.
#
# `tflint --init --config "$PWD/.tflint.hcl"` installs the plugin from its
# GitHub release once, into ~/.tflint.d/plugins, after verifying the release's
# artifact attestation; after that, linting needs no network.

plugin "eksauth" {
  enabled = true
  source  = "github.com/eksauth/tflint-ruleset-eksauth"
  version = "0.1.0"

  # Refuse a release whose checksums.txt has no valid attestation (the
  # default, "auto", installs it with a warning).
  # signature = "attestation"

  # Roles Terraform runs as that the configuration does not name, e.g. the
  # role of the CI runner or of an HCP Terraform agent.
  # execution_roles = ["arn:aws:iam::111122223333:role/github-actions"]
}
