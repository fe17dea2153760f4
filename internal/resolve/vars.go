package resolve

import (
	"errors"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
	"github.com/zclconf/go-cty/cty"
)

// RunnerVars asks tflint for variable values, so that every source tflint
// honours (defaults, tfvars, --var-file, --var, TF_VAR_, a calling module's
// arguments) counts, and sensitive variables arrive marked sensitive.
type RunnerVars struct {
	Runner    tflint.Runner
	ModuleCtx tflint.ModuleCtxType
	// Failed, when set, hears of each variable tflint refused to evaluate,
	// such as a tfvars value of the wrong type for its variable: the
	// variable is then unknown here, and that must not pass silently.
	Failed func(name string, at hcl.Range, err error)
	// JSON finds "${var.NAME}" strings in the module's .tf.json files; one
	// index serves every lookup of a module run (see NewJSONIndex). Nil
	// reads the files again for each lookup.
	JSON *JSONIndex
}

// Var evaluates var.name through tflint. tflint evaluates the bytes of an
// expression in a file, so the request points at the var.name written in
// the configuration (the first two steps of at).
func (v RunnerVars) Var(name string, at hcl.Traversal) cty.Value {
	if len(at) < 2 {
		return cty.DynamicVal
	}
	var expr hcl.Expression
	if strings.HasSuffix(at[0].SourceRange().Filename, ".tf") {
		rng := hcl.RangeBetween(at[0].SourceRange(), at[1].SourceRange())
		expr = &hclsyntax.ScopeTraversalExpr{Traversal: at[:2], SrcRange: rng}
	} else if expr = v.jsonVar(name); expr == nil {
		return cty.DynamicVal
	}
	var val cty.Value
	if err := v.Runner.EvaluateExpr(expr, &val, &tflint.EvaluateExprOption{ModuleCtx: v.ModuleCtx}); err != nil {
		// Into a cty.Value, unknown, null and sensitive values arrive as
		// values: any other error is tflint refusing the variable itself.
		if v.Failed != nil && !ordinary(err) {
			v.Failed(name, hcl.RangeBetween(at[0].SourceRange(), at[1].SourceRange()), err)
		}
		return cty.DynamicVal
	}
	return val
}

// ordinary reports the errors the SDK uses for values a plugin cannot
// decode, which say nothing wrong about the configuration.
func ordinary(err error) bool {
	for _, e := range []error{tflint.ErrUnknownValue, tflint.ErrNullValue, tflint.ErrSensitive, tflint.ErrEphemeral} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
