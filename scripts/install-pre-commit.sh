#!/usr/bin/env bash
# install-pre-commit.sh makes sure pre-commit is installed and prints its
# path on stdout; logs go to stderr. The one already on PATH is used as it
# is; otherwise Debian's package is installed with apt-get (as root, or
# through sudo -n). `make test` runs it before any test starts: the tests
# themselves never run a package manager, they only look for pre-commit.
set -euo pipefail

log() { printf 'install-pre-commit: %s\n' "$*" >&2; }

readonly advice="install pre-commit yourself (Debian/Ubuntu: apt-get install pre-commit; elsewhere: pipx install pre-commit)"

main() {
	local p
	if p="$(command -v pre-commit)"; then
		log "using $p"
		printf '%s\n' "$p"
		return 0
	fi
	if ! command -v apt-get >/dev/null 2>&1; then
		log "pre-commit is not on PATH and there is no apt-get to install it: $advice"
		return 1
	fi
	local apt=(apt-get)
	if [[ $(id -u) -ne 0 ]]; then
		if ! command -v sudo >/dev/null 2>&1; then
			log "pre-commit is not on PATH, and apt-get needs root (there is no sudo): $advice"
			return 1
		fi
		apt=(sudo -n apt-get)
	fi
	log "pre-commit is not on PATH: installing Debian's package with ${apt[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# A fresh container has no package lists yet.
	"${apt[@]}" update -q >&2
	"${apt[@]}" install -y -q --no-install-recommends pre-commit >&2
	if ! p="$(command -v pre-commit)"; then
		log "apt-get installed pre-commit, but there is no pre-commit command on PATH"
		return 1
	fi
	log "installed $p"
	printf '%s\n' "$p"
}

main "$@"
exit
