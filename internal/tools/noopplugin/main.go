// Command noopplugin is a tflint plugin that does nothing, built from the
// same SDK as eksauth. scripts/bench.sh times tflint with it to measure
// what every plugin pays (a process start and the gRPC handshake per
// module directory), so that eksauth's own cost can be told apart.
package main

import (
	"github.com/terraform-linters/tflint-plugin-sdk/plugin"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

type noopRule struct{ tflint.DefaultRule }

func (noopRule) Name() string              { return "noop_nothing" }
func (noopRule) Enabled() bool             { return true }
func (noopRule) Severity() tflint.Severity { return tflint.NOTICE }
func (noopRule) Link() string              { return "" }
func (noopRule) Check(tflint.Runner) error { return nil }

func main() {
	plugin.Serve(&plugin.ServeOpts{RuleSet: &tflint.BuiltinRuleSet{
		Name:    "noop",
		Version: "0.0.0",
		Rules:   []tflint.Rule{&noopRule{}},
	}})
}
