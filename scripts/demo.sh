#!/usr/bin/env bash
# demo.sh TFLINT PLUGIN_DIR tells the examples' story with the plugin built
# into PLUGIN_DIR, using the repository's .tflint.hcl made fit for a locally
# installed plugin: tflint on examples/before (a role the cluster does not
# map: findings), the change that fixes it (diff -u before after), and
# tflint on examples/after (clean). Any other example holding Terraform is
# linted after them; examples without any (workflows, pre-commit
# configurations) are not. It succeeds when before has findings and after
# is clean. `make demo` runs it.
set -euo pipefail

main() {
	if [[ $# -ne 2 ]]; then
		echo "usage: $0 TFLINT PLUGIN_DIR" >&2
		return 2
	fi
	local tflint="$1" plugins
	plugins="$(cd "$2" && pwd)"
	cd "$(dirname "$0")/.."
	local root="$PWD"

	if [[ ! -f .tflint.hcl ]]; then
		echo "demo: no .tflint.hcl at the repository root" >&2
		return 1
	fi
	if [[ ! -d examples ]]; then
		echo "demo: no examples/ directory" >&2
		return 1
	fi

	# tflint looks for a plugin with a source and version under
	# PLUGIN_DIR/SOURCE/VERSION/ (where --init puts a release). A local build
	# is found only by a plugin block without them, so drop those two
	# attributes from the eksauth block.
	local config="$root/bin/demo.tflint.hcl"
	mkdir -p "$(dirname "$config")"
	awk '
		!depth && /^[[:space:]]*plugin[[:space:]]+"eksauth"[[:space:]]*\{/ { inblock = 1 }
		inblock && depth == 1 && /^[[:space:]]*(source|version)[[:space:]]*=/ { next }
		{
			print
			if (inblock) {
				line = $0
				sub(/#.*/, "", line)
				depth += gsub(/\{/, "{", line) - gsub(/\}/, "}", line)
				if (depth <= 0) { inblock = 0; depth = 0 }
			}
		}
	' .tflint.hcl >"$config"

	# The story in order: before, after, then any other example that holds
	# Terraform.
	local names=() dir name code
	for name in before after; do
		[[ -d "examples/$name" ]] && names+=("$name")
	done
	for dir in examples/*/; do
		name="$(basename "$dir")"
		[[ $name == before || $name == after ]] && continue
		compgen -G "examples/$name/*.tf" >/dev/null && names+=("$name")
	done

	local failed=() seen_before=false seen_after=false
	for name in "${names[@]}"; do
		if [[ $name == after && -d examples/before ]]; then
			printf '\n==== what changed: diff -ru examples/before examples/after ====\n'
			# Without the file dates, which say nothing here.
			diff -ru examples/before examples/after | sed -E 's/^(---|\+\+\+) ([^\t]*)\t.*/\1 \2/' || true
		fi
		printf '\n==== tflint --chdir=examples/%s ====\n' "$name"
		set +e
		TFLINT_PLUGIN_DIR="$plugins" "$tflint" --config="$config" --chdir="examples/$name"
		code=$?
		set -e
		# tflint v0.64.0 exits 0 with no issues, 1 on an error, 2 with issues.
		case "$name" in
		before)
			seen_before=true
			if [[ $code -eq 2 ]]; then
				echo "---- examples/before: has findings, as it should (exit $code)"
			else
				failed+=("examples/before: tflint exited $code, want 2 (issues found)")
			fi
			;;
		after)
			seen_after=true
			if [[ $code -eq 0 ]]; then
				echo "(no issues)"
				echo "---- examples/after: clean, as it should be"
			else
				failed+=("examples/after: tflint exited $code, want 0 (no issues)")
			fi
			;;
		*)
			case $code in
			0) echo "(no issues)" ;;
			1) failed+=("examples/$name: tflint failed (exit 1)") ;;
			esac
			;;
		esac
	done
	$seen_before || failed+=("examples/before does not exist")
	$seen_after || failed+=("examples/after does not exist")

	echo
	if [[ ${#failed[@]} -gt 0 ]]; then
		printf 'demo failed: %s\n' "${failed[@]}" >&2
		return 1
	fi
	echo "demo ok: examples/before has findings, examples/after is clean"
}

main "$@"
exit
