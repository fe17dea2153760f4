#!/usr/bin/env bash
# lint-workflows.sh runs the pinned actionlint (scripts/install-actionlint.sh
# builds it once into the user cache) over this repository's workflows and
# the example workflows for users. `make lint-workflows` runs it; the test
# TestWorkflowsPassActionlint in internal/pipeline does the same check.
set -euo pipefail

main() {
	cd "$(dirname "$0")/.."
	local actionlint
	actionlint="$(bash scripts/install-actionlint.sh)"

	local files=() f
	shopt -s nullglob
	for f in .github/workflows/*.yml .github/workflows/*.yaml examples/*/*.yml examples/*/*.yaml; do
		# Under examples/, only workflows (files with jobs), not the
		# pre-commit configurations.
		if [[ $f == .github/* ]] || grep -q '^jobs:' "$f"; then
			files+=("$f")
		fi
	done
	shopt -u nullglob
	if [[ ${#files[@]} -eq 0 ]]; then
		echo "lint-workflows: no workflows found" >&2
		return 1
	fi
	echo "actionlint ${files[*]}"
	"$actionlint" "${files[@]}"
}

main "$@"
exit
