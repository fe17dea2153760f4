package resolve

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// FuzzEval evaluates arbitrary expressions (and an arbitrary local) and
// reads the result the ways the model does. Nothing may panic, and a
// placeholder must never turn into a known value of another shape.
func FuzzEval(f *testing.F) {
	for _, seed := range []struct{ expr, local string }{
		{`"arn:aws:iam::${local.x}:role/ci"`, `data.aws_caller_identity.current.account_id`},
		{`concat([{rolearn = module.iam.arn}], [for r in local.x : {rolearn = r}])`, `["a", "b"]`},
		{`local.x ? module.a.b : "c"`, `module.m.flag == "prod"`},
		{`yamlencode([{rolearn = local.x, groups = ["system:masters"]}])`, `"${module.iam.arn}"`},
		{`try(one(data.x.y[*].token), null)`, `{a = [1, 2]}`},
		{`{for k, v in local.x : k => v if v != ""}`, `{a = "b"}`},
		{`format("%s-%s", var.a, module.b.c)`, `null`},
		{`local.x[module.m.key]`, `{}`},
		{`merge(local.x, {a = aws_iam_role.r.arn})`, `tomap({b = "c"})`},
		{`[for i in range(3) : "${local.x}-${i}"]`, `"p"`},
	} {
		f.Add(seed.expr, seed.local)
	}
	f.Fuzz(func(t *testing.T, src, local string) {
		if len(src) > 4096 || len(local) > 4096 {
			return
		}
		e, diags := hclsyntax.ParseExpression([]byte(src), "fuzz.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		l, diags := hclsyntax.ParseExpression([]byte(local), "fuzz.tf", hcl.InitialPos)
		if diags.HasErrors() {
			return
		}
		r := New(mapVars{"a": cty.StringVal("x"), "n": cty.NumberIntVal(3)}, map[string]hcl.Expression{"x": l})
		v := r.Eval(e, nil)
		walk(t, v, 0)
		_, _ = Bool(v)
		_, _ = Keys(v)
		if elems, ok := Elements(v); ok {
			for _, el := range elems {
				s := StringOf(el)
				_ = s.Display()
			}
		}
		s := StringOf(v)
		if s.Kind == Known && s.Text != "" {
			_ = fmt.Sprint(s.Display())
		}
	})
}

// walk reads every leaf as the model would, bounded in depth.
func walk(t *testing.T, v cty.Value, depth int) {
	if depth > 32 {
		return
	}
	_ = StringOf(v)
	if elems, ok := Elements(v); ok {
		for _, e := range elems {
			walk(t, e, depth+1)
		}
	}
}
