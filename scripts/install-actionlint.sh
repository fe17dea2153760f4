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
	local cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/tflint-ruleset-eksauth"
	local dest_dir="$cache_root/actionlint-v$ACTIONLINT_VERSION"
	local dest="$dest_dir/actionlint"

	if [[ -x "$dest" ]] && has_pinned_version "$dest"; then
		log "using cached actionlint $ACTIONLINT_VERSION"
		printf '%s\n' "$dest"
		return 0
	fi

	if ! command -v go >/dev/null 2>&1; then
		log "go is not on PATH; it is needed to build actionlint $ACTIONLINT_VERSION"
		return 1
	fi

	mkdir -p "$dest_dir"
	# Build next to the destination so that the final mv is a rename within
	# one file system.
	tmp="$(mktemp -d "$dest_dir/.build.XXXXXX")"
	trap 'rm -rf "$tmp"' EXIT

	log "building actionlint $ACTIONLINT_VERSION with $(go version)"
	# Outside any module, so that the repository's go.mod and the caller's
	# GOFLAGS play no part.
	(
		cd "$tmp"
		GOBIN="$tmp/bin" GOFLAGS='' GO111MODULE=on \
			go install "github.com/rhysd/actionlint/cmd/actionlint@v$ACTIONLINT_VERSION"
	) >&2

	local built="$tmp/bin/actionlint"
	if ! has_pinned_version "$built"; then
		log "the built binary does not report version $ACTIONLINT_VERSION:"
		"$built" -version >&2 || true
		return 1
	fi

	mv -f "$built" "$dest"
	log "installed $dest"
	printf '%s\n' "$dest"
}

main "$@"
exit
