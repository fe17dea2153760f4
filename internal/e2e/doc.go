// Package e2e is the one way tests run the real, pinned tflint with this
// repository's plugin.
//
// The pieces:
//
//   - [TFLint] finds the pinned tflint binary: $EKSAUTH_TFLINT, else the cache
//     that scripts/install-tflint.sh fills. It never builds tflint (make test
//     does, once, before any test starts); without it the test fails with
//     the command to run.
//   - [PluginDir] builds the plugin from the module root once per test binary
//     into a temporary plugin directory. A package using it must call [Main]
//     from its TestMain so that the directory is removed at the end.
//   - [Run] runs tflint --format=json in a directory with a minimal
//     environment and returns the parsed findings, the exit code and the raw
//     output.
//   - [CheckScenario] runs one fixture directory and compares what tflint
//     reports with what the fixture's comments and scenario.hcl expect.
//
// # Scenarios
//
// A scenario is a directory of Terraform configuration linted as a root
// module, tflint's working directory being the scenario directory (so issue
// filenames are relative to it). It is linted with the scenario's own
// .tflint.hcl if there is one, else with
//
//	plugin "terraform" { enabled = false }
//	plugin "eksauth" { enabled = true }
//
// A scenario's own .tflint.hcl must not give the eksauth plugin a source or
// version (the plugin is installed locally through TFLINT_PLUGIN_DIR), and it
// should disable the bundled "terraform" plugin unless the scenario wants its
// issues too.
//
// # Want comments
//
// Expectations are written next to the code, as in go/analysis tests. In any
// .tf or .tfvars file of the scenario directory (subdirectories included), a
// comment at the end of a line
//
//	token = data.aws_eks_cluster_auth.this.token # want eksauth_role_not_mapped "role/ci.* does not map"
//
// expects exactly one issue of rule eksauth_role_not_mapped whose range starts on that
// line of that file and whose message matches the regular expression
// (unanchored, Go RE2 syntax). The comment may start with # or //. Several
// RULE "REGEXP" pairs may follow one want; each expects its own issue. The
// regular expression is written as a Go string literal, double-quoted (with
// Go escapes) or back-quoted (raw):
//
//	token = var.token # want eksauth_static_token `from var\.token` eksauth_identity_mismatch "role/ci"
//
// A comment "# want-none" documents that a line is expected to be clean; it
// checks nothing (every issue not wanted is already an error).
//
// Every issue tflint reports must be wanted and every want must be met. All
// mismatches of a run are reported together, with file:line, the issue's
// rule and message, and the wanted regular expressions.
//
// # scenario.hcl
//
// An optional scenario.hcl in the scenario directory holds what differs for
// that run. Every attribute is optional:
//
//	description = "CI runs as a role that only aws-auth of another cluster maps"
//	args        = ["--var-file=ci.tfvars", "--call-module-type=all"] # extra tflint arguments
//	env         = { TF_VAR_role_arn = "arn:aws:iam::111122223333:role/ci" }
//	exit_code   = 2                         # expected tflint exit code
//	errors      = ["Unsupported argument"]  # expected tflint errors
//
// args are appended to tflint's command line. env is added to the minimal
// environment tflint runs with (PATH, HOME set to an empty temporary
// directory, TMPDIR); nothing else is inherited, in particular no TF_VAR_*,
// TFE_* or TF_TOKEN_* variable of the developer's shell.
//
// errors are regular expressions for tflint's errors (the "errors" array of
// its JSON output). A regular expression matches an error when it matches its
// message, its summary, or "summary: message". Each must match at least one
// error, and every error must be matched by one of them.
//
// exit_code defaults to what tflint v0.64.0 returns for the expectations:
// 1 when errors are expected, else 2 when any issue is wanted, else 0.
// tflint's exit codes are 0 (no issues), 1 (an error occurred; the JSON then
// holds the errors and no issues) and 2 (issues found, of any severity unless
// --minimum-failure-severity says otherwise). --force makes it 0 even with
// issues. A scenario passing --force or --minimum-failure-severity in args
// should therefore state exit_code.
package e2e
