package resolve

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// TestSyntaxJSON checks that a JSON expression becomes the native nodes
// Terraform reads it as, evaluates to what the JSON expression evaluates
// to, and keeps the JSON lines.
func TestSyntaxJSON(t *testing.T) {
	src := `{
  "role": "arn:aws:iam::${var.account}:role/ci",
  "whole": "${var.account}",
  "list": ["a", 1, true, null],
  "obj": {"rolearn": "x", "${var.k}": "y"}
}`
	e, diags := hcljson.ParseExpression([]byte(src), "main.tf.json")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	n := Syntax(e)
	if _, ok := n.(*hclsyntax.ObjectConsExpr); !ok {
		t.Fatalf("Syntax gave %T, want an object constructor", n)
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{
		"account": cty.StringVal("111122223333"), "k": cty.StringVal("dyn"),
	})}}
	want, diags := e.Value(ctx)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	got, diags := n.Value(ctx)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if !got.RawEquals(want) {
		t.Errorf("native value %#v, JSON value %#v", got, want)
	}
	items, _ := hcl.ExprMap(n)
	lines := map[string]int{}
	for _, it := range items {
		if k := hcl.ExprAsKeyword(it.Key); k != "" {
			lines[k] = it.Value.Range().Start.Line
		}
		if k := hcl.ExprAsKeyword(it.Key); k == "whole" {
			if _, ok := it.Value.(*hclsyntax.TemplateWrapExpr); !ok {
				t.Errorf(`"${var.account}" became %T, want a template wrapping the reference`, it.Value)
			}
			vs := it.Value.Variables()
			if len(vs) != 1 || vs[0].SourceRange().Start.Line != 3 {
				t.Errorf("references of whole: %v, want var.account on line 3", vs)
			}
		}
	}
	for k, line := range map[string]int{"role": 2, "whole": 3, "list": 4, "obj": 5} {
		if lines[k] != line {
			t.Errorf("%s is on line %d, want %d", k, lines[k], line)
		}
	}
	// A literal JSON string is not a template until read as one: Value(nil)
	// of the JSON gives its text, the native form refuses to guess.
	if _, diags := n.Value(nil); !diags.HasErrors() {
		t.Error("native form evaluated references without a context")
	}
}

func TestSyntaxNativeUnchanged(t *testing.T) {
	e, _ := hclsyntax.ParseExpression([]byte(`var.x`), "main.tf", hcl.InitialPos)
	if Syntax(e) != e {
		t.Error("a native expression was rewritten")
	}
	if Syntax(nil) != nil {
		t.Error("nil was rewritten")
	}
}

func TestSyntaxDeepJSON(t *testing.T) {
	src := make([]byte, 0, 2*1000)
	for i := 0; i < 1000; i++ {
		src = append(src, '[')
	}
	for i := 0; i < 1000; i++ {
		src = append(src, ']')
	}
	e, diags := hcljson.ParseExpression(src, "deep.tf.json")
	if diags.HasErrors() {
		t.Skip("the JSON parser rejects this depth itself")
	}
	v, _ := Syntax(e).Value(&hcl.EvalContext{})
	if v.IsWhollyKnown() {
		t.Error("a value nested beyond the bound should not be known")
	}
}
