// Package pipeline tests how the plugin reaches its users rather than what
// it finds: the GitHub workflows of this repository and the example one for
// users (actionlint), the GoReleaser configuration against the release
// assets `tflint --init` downloads, the pre-commit hooks of
// examples/pre-commit, tflint's SARIF and JSON output, and tflint --recursive
// over several modules with one shared configuration.
//
// The package has no code outside its tests. The tests run the pinned tflint
// through internal/e2e, and install the tools they need without reaching
// anything but the Go module proxy and the Debian archive:
//
//   - actionlint, pinned in scripts/install-actionlint.sh, built once with
//     go install into ${XDG_CACHE_HOME:-~/.cache}/tflint-ruleset-eksauth/;
//   - pre-commit, from Debian's packages (apt-get) when it is not on PATH.
//
// Nothing else is downloaded; the pre-commit hooks under test are local ones.
package pipeline
