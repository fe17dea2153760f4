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
	out="$(cd / && TFLINT_DISABLE_VERSION_CHECK=1 TFLINT_CONFIG_FILE= "$1" --version 2>/dev/null)" || return 1
	# First line: "TFLint version 0.64.0".
	[[ "$(printf '%s\n' "$out" | head -n 1)" == "TFLint version $TFLINT_VERSION" ]]
}

main() {
	local cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/tflint-ruleset-eksauth"
	local dest_dir="$cache_root/tflint-v$TFLINT_VERSION"
	local dest="$dest_dir/tflint"

	if [[ -x "$dest" ]] && has_pinned_version "$dest"; then
		log "using cached tflint $TFLINT_VERSION"
		printf '%s\n' "$dest"
		return 0
	fi

	if ! command -v go >/dev/null 2>&1; then
		log "go is not on PATH; it is needed to build tflint $TFLINT_VERSION"
		return 1
	fi

	mkdir -p "$dest_dir"
	# Build next to the destination so that the final mv is a rename within
	# one file system: an interrupted build leaves at most a stray temporary
	# directory, never a half-written $dest.
	tmp="$(mktemp -d "$dest_dir/.build.XXXXXX")"
	trap 'rm -rf "$tmp"' EXIT

	log "building tflint $TFLINT_VERSION with $(go version) (a cold build takes several minutes)"
	# Build outside any module so that the repository's go.mod and the
	# caller's GOFLAGS play no part.
	(
		cd "$tmp"
		GOBIN="$tmp/bin" GOFLAGS= GO111MODULE=on \
			go install "github.com/terraform-linters/tflint@v$TFLINT_VERSION"
	) >&2

	local built="$tmp/bin/tflint"
	if ! has_pinned_version "$built"; then
		log "the built binary does not report version $TFLINT_VERSION:"
		"$built" --version >&2 || true
		return 1
	fi

	mv -f "$built" "$dest"
	log "installed $dest"
	printf '%s\n' "$dest"
}

# Everything runs from main, so that bash has read the whole file before it
# starts (editing the script during a long build cannot break the run).
main "$@"
exit
