#!/usr/bin/env bash
# install-tflint.sh installs the pinned tflint into a per-user cache and prints
# the binary's path on stdout; logs go to stderr. It is idempotent: a binary
# already in the cache that reports the pinned version is reused.
#
# The version is pinned here and nowhere else: the Makefile runs this script,
# and internal/e2e reads the TFLINT_VERSION line below to find the cache.
set -euo pipefail

TFLINT_VERSION=0.64.0

log() { printf 'install-tflint: %s\n' "$*" >&2; }

# has_pinned_version BIN succeeds when BIN runs and reports the pinned version.
has_pinned_version() {
	local out
	# Outside any project (no .tflint.hcl whose plugins it would start) and
	# without the update check, which would call GitHub.
	out="$(cd / && TFLINT_DISABLE_VERSION_CHECK=1 TFLINT_CONFIG_FILE="" "$1" --version 2>/dev/null)" || return 1
	# First line: "TFLint version 0.64.0".
	[[ "$(printf '%s\n' "$out" | head -n 1)" == "TFLint version $TFLINT_VERSION" ]]
}

main() {
	# shellcheck source=lib/go-install-cached.sh
	source "$(dirname "${BASH_SOURCE[0]}")/lib/go-install-cached.sh"
	install_cached tflint "$TFLINT_VERSION" github.com/terraform-linters/tflint has_pinned_version
}

# Everything runs from main, so that bash has read the whole file before it
# starts (editing the script during a long build cannot break the run).
main "$@"
exit
