#!/usr/bin/env bash
# check-release-assets.sh DIST checks what `goreleaser release` left in DIST
# against what `tflint --init` (v0.64.0) downloads and verifies:
#   - DIST/checksums.txt, "<sha256>  <name>" lines, one per zip, all matching;
#   - tflint-ruleset-eksauth_<GOOS>_<GOARCH>.zip for every platform, each
#     holding the binary tflint-ruleset-eksauth (.exe on Windows) at its root.
# CI runs it after a snapshot build; internal/pipeline checks .goreleaser.yml
# itself. Needs unzip and sha256sum.
set -euo pipefail

plugin=tflint-ruleset-eksauth

main() {
	if [[ $# -ne 1 ]]; then
		echo "usage: $0 DIST" >&2
		return 2
	fi
	local dist="$1" failed=0
	cd "$dist"

	if [[ ! -f checksums.txt ]]; then
		echo "check-release-assets: no checksums.txt in $dist" >&2
		return 1
	fi

	local zips=()
	shopt -s nullglob
	zips=(*.zip)
	shopt -u nullglob
	if [[ ${#zips[@]} -eq 0 ]]; then
		echo "check-release-assets: no zip archives in $dist" >&2
		return 1
	fi

	local zip os_arch os want entries listed
	for zip in "${zips[@]}"; do
		if [[ ! $zip =~ ^${plugin}_([a-z0-9]+)_([a-z0-9]+)\.zip$ ]]; then
			echo "check-release-assets: $zip is not named ${plugin}_<GOOS>_<GOARCH>.zip" >&2
			failed=1
			continue
		fi
		os="${BASH_REMATCH[1]}"
		os_arch="${BASH_REMATCH[1]}_${BASH_REMATCH[2]}"
		want="$plugin"
		[[ $os == windows ]] && want="$plugin.exe"
		entries="$(unzip -Z1 "$zip")"
		if [[ "$entries" != "$want" ]]; then
			echo "check-release-assets: $zip holds [$(tr '\n' ' ' <<<"$entries")], want exactly $want" >&2
			failed=1
		fi
		listed="$(awk -v name="$zip" '$2 == name { n++ } END { print n + 0 }' checksums.txt)"
		if [[ $listed -ne 1 ]]; then
			echo "check-release-assets: checksums.txt lists $zip $listed times, want once" >&2
			failed=1
		fi
		echo "ok: $zip ($os_arch)"
	done

	# Every line: a sha256 and a file name, the two fields tflint reads.
	if awk 'NF != 2 || length($1) != 64 { bad = 1 } END { exit !bad }' checksums.txt; then
		echo "check-release-assets: checksums.txt has a line that is not \"<sha256>  <name>\"" >&2
		failed=1
	fi
	if ! sha256sum --check --strict --quiet checksums.txt; then
		echo "check-release-assets: checksums.txt does not match the files" >&2
		failed=1
	fi

	if [[ $failed -ne 0 ]]; then
		return 1
	fi
	echo "release assets ok: ${#zips[@]} archives and checksums.txt"
}

main "$@"
exit
