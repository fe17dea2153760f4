package resolve

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// mapVars is Vars for tests: a variable missing from the map has no value,
// as in tflint when neither a default nor a tfvars entry sets it.
type mapVars map[string]cty.Value

func (m mapVars) Var(name string, _ hcl.Traversal) cty.Value {
	if v, ok := m[name]; ok {
		return v
	}
	return cty.DynamicVal
}

func parse(t testing.TB, src string) hcl.Expression {
	t.Helper()
	e, diags := hclsyntax.ParseExpression([]byte(src), "test.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatalf("parse %q: %s", src, diags)
	}
	return e
}

func testResolver(t *testing.T) *Resolver {
	locals := map[string]hcl.Expression{
		"account_id": parse(t, `data.aws_caller_identity.current.account_id`),
		"ci_role":    parse(t, `"arn:aws:iam::${local.account_id}:role/ci"`),
		"admins":     parse(t, `[for n in var.admin_names : "arn:aws:iam::${var.account}:role/${n}"]`),
		"is_prod":    parse(t, `module.env.name == "prod"`),
		"loop_a":     parse(t, `local.loop_b`),
		"loop_b":     parse(t, `local.loop_a`),
	}
	vars := mapVars{
		"role_arn":    cty.StringVal("arn:aws:iam::111122223333:role/tfc-agent"),
		"account":     cty.StringVal("111122223333"),
		"admin_names": cty.TupleVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")}),
		"secret_role": cty.StringVal("arn:aws:iam::111122223333:role/hidden").Mark(marks.Sensitive),
		"enabled":     cty.True,
	}
	return New(vars, locals)
}

func TestEvalStrings(t *testing.T) {
	ph := symbol.Wrap
	for _, tc := range []struct {
		src  string
		kind Kind
		text string
		from []string
	}{
		{`"literal"`, Known, "literal", nil},
		{`var.role_arn`, Known, "arn:aws:iam::111122223333:role/tfc-agent", []string{"var.role_arn"}},
		{`"arn:aws:iam::${var.account}:role/x"`, Known, "arn:aws:iam::111122223333:role/x", []string{"var.account"}},
		{`module.iam.role_arn`, Named, ph("module.iam.role_arn"), nil},
		{`module.iam[0].role_arn`, Named, ph("module.iam[0].role_arn"), nil},
		{`data.aws_iam_role.ci["x"].arn`, Named, ph(`data.aws_iam_role.ci["x"].arn`), nil},
		{`aws_iam_role.ci.arn`, Named, ph("aws_iam_role.ci.arn"), nil},
		{`local.ci_role`, Named, "arn:aws:iam::" + ph("data.aws_caller_identity.current.account_id") + ":role/ci", []string{"local.account_id", "local.ci_role"}},
		{`format("arn:aws:iam::%s:role/ci", local.account_id)`, Named, "arn:aws:iam::" + ph("data.aws_caller_identity.current.account_id") + ":role/ci", []string{"local.account_id"}},
		{`var.no_value`, Named, ph("var.no_value"), []string{"var.no_value"}},
		// A condition on a placeholder could pick either branch.
		{`local.is_prod ? "arn:a" : "arn:b"`, Unknown, "", []string{"local.is_prod"}},
		{`module.x.flag ? "arn:a" : "arn:b"`, Unknown, "", nil},
		{`var.enabled ? var.role_arn : "arn:b"`, Known, "arn:aws:iam::111122223333:role/tfc-agent", []string{"var.enabled", "var.role_arn"}},
		// Functions that may branch on text do not see placeholders.
		{`lower(module.iam.role_arn)`, Unknown, "", nil},
		{`lower(var.role_arn)`, Known, "arn:aws:iam::111122223333:role/tfc-agent", []string{"var.role_arn"}},
		{`var.secret_role`, Sensitive, "", []string{"var.secret_role"}},
		{`"${var.secret_role}"`, Sensitive, "", []string{"var.secret_role"}},
		{`local.loop_a`, Unknown, "", []string{"local.loop_a", "local.loop_b"}},
		{`some_unknown_function(var.role_arn)`, Unknown, "", nil},
		{`try(module.x.arn, "fallback")`, Unknown, "", nil},
		{`null`, Null, "", nil},
		{`var.admin_names[module.x.index]`, Unknown, "", nil},
	} {
		t.Run(tc.src, func(t *testing.T) {
			r := testResolver(t)
			got := StringOf(r.Eval(parse(t, tc.src), nil))
			if got.Kind != tc.kind || got.Text != tc.text {
				t.Errorf("got %v %q, want %v %q", got.Kind, got.Text, tc.kind, tc.text)
			}
			if tc.from != nil && !equal(got.From, tc.from) {
				t.Errorf("From = %q, want %q", got.From, tc.from)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestEvalCollectionsKeepLeafNames(t *testing.T) {
	r := testResolver(t)
	v := r.Eval(parse(t, `concat([{rolearn = module.iam.arn, groups = ["system:masters"]}], [for a in local.admins : {rolearn = a}])`), nil)
	elems, ok := Elements(v)
	if !ok || len(elems) != 3 {
		t.Fatalf("elements = %d, %v; want 3", len(elems), ok)
	}
	var got []String
	for _, e := range elems {
		a, ok := Attr(e, "rolearn")
		if !ok {
			t.Fatalf("no rolearn in %#v", e)
		}
		got = append(got, StringOf(a))
	}
	if got[0].Kind != Named || got[0].Text != symbol.Wrap("module.iam.arn") {
		t.Errorf("element 0 = %+v", got[0])
	}
	if got[2].Kind != Known || got[2].Text != "arn:aws:iam::111122223333:role/b" {
		t.Errorf("element 2 = %+v", got[2])
	}
}

func TestEvalScopeAndUnknownCollections(t *testing.T) {
	r := testResolver(t)
	scope := Scope{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.StringVal("ci"), "value": cty.StringVal("arn:aws:iam::111122223333:role/ci")})}
	if got := StringOf(r.Eval(parse(t, `each.value`), scope)); got.Kind != Known || got.Text != "arn:aws:iam::111122223333:role/ci" {
		t.Errorf("each.value = %+v", got)
	}
	// Without a scope, each.value is unknown, never a placeholder: two blocks'
	// each.value are not the same value.
	if got := StringOf(r.Eval(parse(t, `each.value`), nil)); got.Kind != Unknown {
		t.Errorf("each.value without scope = %+v", got)
	}
	if _, ok := Elements(r.Eval(parse(t, `module.x.roles`), nil)); ok {
		t.Errorf("a module output is not a known collection")
	}
	if elems, ok := Elements(r.Eval(parse(t, `concat(var.admin_names, module.x.roles)`), nil)); ok {
		t.Errorf("concat with an unknown list = %d elements, want unknown", len(elems))
	}
}

func TestEvalJSON(t *testing.T) {
	r := testResolver(t)
	f, diags := json.Parse([]byte(`{"a": "arn:aws:iam::${var.account}:role/x", "b": "${module.iam.arn}"}`), "main.tf.json")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	attrs, _ := f.Body.JustAttributes()
	if got := StringOf(r.Eval(attrs["a"].Expr, nil)); got.Kind != Known || got.Text != "arn:aws:iam::111122223333:role/x" {
		t.Errorf("a = %+v", got)
	}
	// JSON expressions cannot be inspected, so no placeholders there.
	if got := StringOf(r.Eval(attrs["b"].Expr, nil)); got.Kind != Unknown {
		t.Errorf("b = %+v", got)
	}
}

func TestWithVarsOverrides(t *testing.T) {
	r := testResolver(t)
	e := parse(t, `var.role_arn`)
	_ = r.Eval(e, nil)
	o := r.WithVars(map[string]cty.Value{"role_arn": cty.StringVal("arn:aws:iam::111122223333:role/other")}, nil)
	if got := StringOf(o.Eval(e, nil)); got.Text != "arn:aws:iam::111122223333:role/other" {
		t.Errorf("override = %+v", got)
	}
	if got := StringOf(r.Eval(e, nil)); got.Text != "arn:aws:iam::111122223333:role/tfc-agent" {
		t.Errorf("original after override = %+v", got)
	}
}

func TestEvalBoundsWork(t *testing.T) {
	r := testResolver(t)
	for _, src := range []string{
		`length(range(1000000000))`,
		`format("%999999999s", "x")`,
		`indent(1000000000, "a\nb")`,
		`setproduct(range(100), range(100), range(100), range(100))`,
		`yamldecode("a: &a [*a, *a]")`,
	} {
		if got := StringOf(r.Eval(parse(t, src), nil)); got.Kind != Unknown {
			t.Errorf("%s = %+v, want unknown", src, got)
		}
	}
	if got := StringOf(r.Eval(parse(t, `format("arn:aws:iam::%s:role/x", "111122223333")`), nil)); got.Text != "arn:aws:iam::111122223333:role/x" {
		t.Errorf("format with an account ID = %+v", got)
	}
}

func TestEvalBoundsNesting(t *testing.T) {
	r := testResolver(t)
	for _, tc := range []struct {
		src   string
		known bool
	}{
		{`length([for a in range(200) : [for b in range(200) : b]])`, true},
		{`length([for a in range(1000) : [for b in range(1000) : range(1000)]])`, false},
		{`length(flatten([for a in range(10) : [for b in range(10) : [for c in range(10) : c]]]))`, false},
		{`length(range(300))`, false},
		{`length(concat([for a in var.admin_names : a], [for b in var.admin_names : b], [for c in var.admin_names : c]))`, true},
	} {
		got := StringOf(r.Eval(parse(t, tc.src), nil))
		if (got.Kind == Known) != tc.known {
			t.Errorf("%s = %+v, want known=%v", tc.src, got, tc.known)
		}
	}
}

func TestEvalHugeNumbers(t *testing.T) {
	r := testResolver(t)
	for _, src := range []string{`"${7E099999999}"`, `tostring(7E0999999)`, `7E0999999`} {
		if got := StringOf(r.Eval(parse(t, src), nil)); got.Kind != Unknown {
			t.Errorf("%s = %v, want unknown", src, got.Kind)
		}
	}
	if got := StringOf(r.Eval(parse(t, `"${1e3}"`), nil)); got.Text != "1000" {
		t.Errorf("small numbers still render: %+v", got)
	}
}

// path.* is "." in a root module (run from its own directory) and unknown
// in a called one, whose directory depends on its caller; the answer of
// isRoot is asked for only when an expression reads path.
func TestPathInRootModule(t *testing.T) {
	asked := 0
	for _, tc := range []struct {
		root bool
		src  string
		kind Kind
		text string
	}{
		{true, `"${path.module}/../hub/terraform.tfstate"`, Known, "./../hub/terraform.tfstate"},
		{true, `"${path.root}/x"`, Known, "./x"},
		{true, `path.cwd`, Known, "."},
		{true, `"${path.module}-${local.ci_role}"`, Named, ".-arn:aws:iam::" + symbol.Wrap("data.aws_caller_identity.current.account_id") + ":role/ci"},
		{true, `path.nope`, Unknown, ""},
		{false, `"${path.module}/../hub/terraform.tfstate"`, Unknown, ""},
		{false, `path.root`, Unknown, ""},
	} {
		r := testResolver(t)
		root := tc.root
		r.InRoot(func() bool { asked++; return root })
		for _, r := range []*Resolver{r, r.WithVars(nil, nil)} {
			got := StringOf(r.Eval(parse(t, tc.src), nil))
			if got.Kind != tc.kind || got.Text != tc.text {
				t.Errorf("root=%v %s = %v %q, want %v %q", tc.root, tc.src, got.Kind, got.Text, tc.kind, tc.text)
			}
		}
	}
	if got := StringOf(testResolver(t).Eval(parse(t, `path.module`), nil)); got.Kind != Unknown {
		t.Errorf("path.module with no root answer = %v %q, want unknown", got.Kind, got.Text)
	}
	before := asked
	r := testResolver(t)
	r.InRoot(func() bool { asked++; return true })
	r.Eval(parse(t, `"${var.account}/x"`), nil)
	if asked != before {
		t.Errorf("an expression without path asked whether the module is the root")
	}
}
