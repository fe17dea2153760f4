#!/usr/bin/env bash
# install-actionlint.sh installs the pinned actionlint into a per-user cache
# and prints the binary's path on stdout; logs go to stderr. It is
# idempotent: a binary already in the cache that reports the pinned version
# is reused and nothing is downloaded.
#
# The version is pinned here and nowhere else: `make lint-workflows` runs this
# script, and internal/pipeline reads the ACTIONLINT_VERSION line below to
# find the cache. actionlint is built with `go install` from the Go module
# proxy (no GitHub download).
set -euo pipefail

ACTIONLINT_VERSION=1.7.12

log() { printf 'install-actionlint: %s\n' "$*" >&2; }

# has_pinned_version BIN succeeds when BIN runs and reports the pinned version.
has_pinned_version() {
	local out
	out="$("$1" -version 2>/dev/null)" || return 1
	# First line: "1.7.12" (or "v1.7.12" for some builds).
	local first
	first="$(printf '%s\n' "$out" | head -n 1)"
	[[ "$first" == "$ACTIONLINT_VERSION" || "$first" == "v$ACTIONLINT_VERSION" ]]
}

main() {
	# shellcheck source=lib/go-install-cached.sh
	source "$(dirname "${BASH_SOURCE[0]}")/lib/go-install-cached.sh"
	install_cached actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint/cmd/actionlint has_pinned_version
}

main "$@"
exit
