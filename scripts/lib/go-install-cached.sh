# shellcheck shell=bash
# go-install-cached.sh is sourced by the install-*.sh scripts. It builds a
# pinned Go tool with `go install` from the module proxy into a per-user
# cache, once, and prints the binary's path on stdout (logs on stderr).
#
# install_cached NAME VERSION PACKAGE VERSION_CHECK
#   NAME           the binary's name, e.g. tflint
#   VERSION        the pinned version without "v"
#   PACKAGE        the package to install, e.g. github.com/terraform-linters/tflint
#   VERSION_CHECK  a function: VERSION_CHECK BIN succeeds when BIN reports VERSION
install_cached() {
	local name="$1" version="$2" package="$3" check="$4"
	local cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/tflint-ruleset-eksauth"
	local dest_dir="$cache_root/$name-v$version"
	local dest="$dest_dir/$name"

	if [[ -x "$dest" ]] && "$check" "$dest"; then
		log "using cached $name $version"
		printf '%s\n' "$dest"
		return 0
	fi

	if ! command -v go >/dev/null 2>&1; then
		log "go is not on PATH; it is needed to build $name $version"
		return 1
	fi

	mkdir -p "$dest_dir"
	# Build next to the destination so that the final mv is a rename within
	# one file system: an interrupted build leaves at most a stray temporary
	# directory, never a half-written $dest.
	tmp="$(mktemp -d "$dest_dir/.build.XXXXXX")"
	trap 'rm -rf "$tmp"' EXIT

	log "building $name $version with $(go version)"
	# Build outside any module so that the repository's go.mod and the
	# caller's GOFLAGS play no part.
	(
		cd "$tmp" || exit 1
		GOBIN="$tmp/bin" GOFLAGS="" GO111MODULE=on \
			go install "$package@v$version"
	) >&2

	local built="$tmp/bin/$name"
	if ! "$check" "$built"; then
		log "the built binary does not report version $version"
		return 1
	fi

	mv -f "$built" "$dest"
	log "installed $dest"
	printf '%s\n' "$dest"
}
