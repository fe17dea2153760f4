#!/usr/bin/env bash
# tflint-eksauth.sh is the entry of the repository-local pre-commit hook in
# .pre-commit-config.yaml. It lints every Terraform module directory of the
# repository with tflint and the eksauth plugin, using the one .tflint.hcl at
# the repository root, and fails when tflint reports an issue or an error.
#
# It needs no network. tflint must be on PATH (or named by $TFLINT) and the
# eksauth plugin installed, either by `tflint --init` once (into
# ~/.tflint.d/plugins) or as a local build in $TFLINT_PLUGIN_DIR used with a
# plugin block without source and version. Arguments are passed to tflint.
set -euo pipefail

main() {
	local tflint="${TFLINT:-tflint}" root config
	root="$(git rev-parse --show-toplevel)"
	config="$root/.tflint.hcl"

	if ! command -v "$tflint" >/dev/null 2>&1; then
		echo "tflint-eksauth: '$tflint' not found: install tflint or set TFLINT to its path" >&2
		return 1
	fi
	if [[ ! -f $config ]]; then
		echo "tflint-eksauth: no .tflint.hcl at the repository root ($root)" >&2
		return 1
	fi

	cd "$root"
	# The config path is absolute: tflint --recursive resolves a relative
	# --config in each module directory. Exit codes: 0 clean, 2 issues,
	# 1 error; pre-commit fails the hook on anything but 0.
	"$tflint" --recursive --config="$config" "$@"
}

main "$@"
