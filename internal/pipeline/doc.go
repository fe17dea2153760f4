// Package pipeline tests how the plugin reaches its users rather than what
// it finds: the GitHub workflows of this repository and the example one for
// users (actionlint), the GoReleaser configuration against the release
// assets `tflint --init` downloads, the pre-commit hooks of
// examples/pre-commit, tflint's SARIF and JSON output, and tflint --recursive
// over several modules with one shared configuration.
//
// The package has no code outside its tests. The tests run the pinned tflint
// through internal/e2e and look for the other tools they need; they never
// install anything. `make test` provides them first, once:
//
//   - actionlint, pinned in scripts/install-actionlint.sh, built with
//     go install into ${XDG_CACHE_HOME:-~/.cache}/tflint-ruleset-eksauth/
//     and handed over in $EKSAUTH_ACTIONLINT;
//   - pre-commit, from Debian's package (scripts/install-pre-commit.sh) when
//     it is not on PATH.
//
// A test whose tool is missing fails with the command that provides it.
// Nothing is downloaded; the pre-commit hooks under test are local ones.
package pipeline
