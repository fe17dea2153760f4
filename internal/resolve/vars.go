package resolve

import (
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
}

// Var evaluates var.name through tflint. tflint evaluates the bytes of an
// expression in a file, so the request points at the var.name written in
// the configuration (the first two steps of at).
func (v RunnerVars) Var(name string, at hcl.Traversal) cty.Value {
	if len(at) < 2 || !strings.HasSuffix(at[0].SourceRange().Filename, ".tf") {
		// JSON syntax keeps references inside strings; tflint cannot parse
		// them on their own.
		return cty.DynamicVal
	}
	rng := hcl.RangeBetween(at[0].SourceRange(), at[1].SourceRange())
	expr := &hclsyntax.ScopeTraversalExpr{Traversal: at[:2], SrcRange: rng}
	var val cty.Value
	if err := v.Runner.EvaluateExpr(expr, &val, &tflint.EvaluateExprOption{ModuleCtx: v.ModuleCtx}); err != nil {
		return cty.DynamicVal
	}
	return val
}
