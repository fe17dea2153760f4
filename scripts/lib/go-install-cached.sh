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
#
# Several callers may start at once (two `make` runs, or a CI job and a
# developer's shell): a lock per tool and version lets one build while the
# others wait and then reuse what it built, so a tool is built at most once
# per machine.
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
	_cached_cleanup=()
	trap '_cached_run_cleanup' EXIT
	_cached_lock "$dest_dir/.lock" "$name $version"
	# Whoever held the lock may have just installed it.
	if [[ -x "$dest" ]] && "$check" "$dest"; then
		log "using $name $version, built by the run that held the lock"
		printf '%s\n' "$dest"
		return 0
	fi

	# Build next to the destination so that the final mv is a rename within
	# one file system: an interrupted build leaves at most a stray temporary
	# directory, never a half-written $dest.
	local tmp
	tmp="$(mktemp -d "$dest_dir/.build.XXXXXX")"
	_cached_cleanup+=("rm -rf '$tmp'")

	log "building $name $version with $(go version); a cold build takes minutes"
	# Build outside any module so that the repository's go.mod and the
	# caller's GOFLAGS play no part. -v names each package as it is
	# compiled; _cached_progress turns that into a line now and then, so
	# that a long build is visibly alive.
	(
		cd "$tmp" || exit 1
		GOBIN="$tmp/bin" GOFLAGS="" GO111MODULE=on \
			go install -v "$package@v$version" 2>&1
	) | _cached_progress "$name" >&2

	local built="$tmp/bin/$name"
	if ! "$check" "$built"; then
		log "the built binary does not report version $version"
		return 1
	fi

	mv -f "$built" "$dest"
	log "installed $dest"
	printf '%s\n' "$dest"
}

# _cached_lock FILE WHAT holds an exclusive lock on FILE until the script
# exits: flock(1) where there is one (Linux), else a directory made with
# mkdir, which is atomic everywhere.
_cached_lock() {
	local file="$1" what="$2"
	if command -v flock >/dev/null 2>&1; then
		exec {_cached_lock_fd}>"$file"
		if ! flock -n "$_cached_lock_fd"; then
			log "another run is building $what; waiting for it ($file)"
			flock "$_cached_lock_fd"
		fi
		return 0
	fi
	local said=false
	until mkdir "$file.d" 2>/dev/null; do
		if ! $said; then
			log "another run is building $what; waiting for it (remove $file.d if none is)"
			said=true
		fi
		sleep 2
	done
	_cached_cleanup+=("rmdir '$file.d'")
}

_cached_run_cleanup() {
	local c
	for c in "${_cached_cleanup[@]}"; do
		eval "$c" 2>/dev/null || true
	done
}

# _cached_progress NAME reads go install -v's output: it passes go's own
# messages (downloads, errors) through and reports every 40th compiled
# package.
_cached_progress() {
	local name="$1" line n=0
	while IFS= read -r line; do
		if [[ $line == *" "* || $line == go:* ]]; then
			printf '%s\n' "$line"
			continue
		fi
		n=$((n + 1))
		if ((n % 40 == 0)); then
			printf 'install-%s: compiled %d packages (now %s)\n' "$name" "$n" "$line"
		fi
	done
	printf 'install-%s: compiled %d packages\n' "$name" "$n"
}
