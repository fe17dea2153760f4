package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
)

// bigVars holds values too large to write as literals: a list of 65,536
// names and texts of 10 KB and 10 MB.
func bigVars() mapVars {
	list := make([]cty.Value, 65536)
	for i := range list {
		list[i] = cty.StringVal(fmt.Sprintf("r%d", i))
	}
	return mapVars{
		"list":    cty.TupleVal(list),
		"s10k":    cty.StringVal(strings.Repeat("0123456789", 1024)),
		"s10m":    cty.StringVal(strings.Repeat("a", 10<<20)),
		"account": cty.StringVal("111122223333"),
	}
}

// doubling returns locals s0 .. sN, each twice the one before.
func doubling(t *testing.T, n int) map[string]hcl.Expression {
	locals := map[string]hcl.Expression{"s0": parse(t, `"arn:aws:iam::111122223333:role/x"`)}
	for i := 1; i <= n; i++ {
		locals[fmt.Sprintf("s%d", i)] = parse(t, fmt.Sprintf(`"${local.s%d}${local.s%d}"`, i-1, i-1))
	}
	return locals
}

// Each of these would take gigabytes or minutes if evaluated in full; each
// must end unknown, with the budget spent rather than the machine.
func TestBudgetEndsHugeEvaluations(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		locals    map[string]hcl.Expression
	}{
		{"doubling strings, 30 levels", `local.s30`, doubling(t, 30)},
		{"two nested fors over 65,536 elements", `[for a in var.list : [for b in var.list : "${a}${b}"]]`, nil},
		{"nested fors comparing", `[for a in var.list : [for b in var.list : a == b]]`, nil},
		{"regexall over 10 MB", `regexall("a", var.s10m)`, nil},
		{"regexall with groups over 10 KB copies", `regexall("((((((((a*))))))))", join("", [for i in range(256) : var.s10k]))`, nil},
		{"join of 256x256 copies of 10 KB", `join(",", flatten([for i in range(256) : [for j in range(256) : var.s10k]]))`, nil},
		{"join with a huge separator", `join(var.s10m, var.list)`, nil},
		{"split into bytes", `split("", var.s10m)`, nil},
		{"format repeating an argument", `format("` + strings.Repeat("%[1]s", 2000) + `", var.s10m)`, nil},
		{"formatlist", `formatlist("%s-%s", var.list, var.s10k)`, nil},
		{"jsonencode of shared copies", `jsonencode([for i in range(256) : [for j in range(256) : var.s10k]])`, nil},
		{"template of copies", `"${var.s10m}${var.s10m}${var.s10m}${var.s10m}${var.s10m}${var.s10m}${var.s10m}"`, nil},
		{"try does not fall back on a spent budget", `try(join(",", flatten([for i in range(256) : [for j in range(256) : var.s10k]])), "arn:aws:iam::111122223333:role/fallback")`, nil},
		{"contains in nested loops", `[for a in var.list : [for b in var.list : contains(var.list, b)]]`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := New(bigVars(), tc.locals)
			got := StringOf(r.Eval(parse(t, tc.src), nil))
			if got.Kind != Unknown {
				t.Errorf("%s = %v (%d bytes), want unknown", tc.src, got.Kind, len(got.Text))
			}
			if _, ok := Elements(r.Eval(parse(t, tc.src), nil)); ok {
				t.Errorf("%s is a known collection, want unknown", tc.src)
			}
		})
	}
}

// A spent budget is spent for the whole module run: what is evaluated
// after it, in any context, is unknown rather than half-evaluated.
func TestBudgetIsSharedAndFinal(t *testing.T) {
	locals := doubling(t, 30)
	locals["ci"] = parse(t, `"arn:aws:iam::${var.account}:role/ci"`)
	r := New(bigVars(), locals)
	if got := StringOf(r.Eval(parse(t, `local.s10`), nil)); got.Kind != Known || len(got.Text) != 32<<10 {
		t.Fatalf("local.s10 = %v, %d bytes; want known, 32 KiB", got.Kind, len(got.Text))
	}
	_ = r.Eval(parse(t, `local.s30`), nil)
	o := r.WithVars(map[string]cty.Value{"account": cty.StringVal("444455556666")}, nil)
	if got := StringOf(o.Eval(parse(t, `local.ci`), nil)); got.Kind != Unknown {
		t.Errorf("after the budget is spent, local.ci in another context = %+v, want unknown", got)
	}
}

// Templates in JSON syntax cannot be metered inside; what they copy is
// paid for up front.
func TestBudgetJSONTemplates(t *testing.T) {
	var src strings.Builder
	src.WriteString(`{"s0": "arn:aws:iam::111122223333:role/x"`)
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&src, `, "s%d": "${local.s%d}${local.s%d}"`, i, i-1, i-1)
	}
	src.WriteString(`}`)
	f, diags := json.Parse([]byte(src.String()), "locals.tf.json")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	attrs, _ := f.Body.JustAttributes()
	locals := map[string]hcl.Expression{}
	for k, a := range attrs {
		locals[k] = a.Expr
	}
	r := New(mapVars{}, locals)
	if got := StringOf(r.Eval(parse(t, `local.s30`), nil)); got.Kind != Unknown {
		t.Errorf("local.s30 = %v, %d bytes; want unknown", got.Kind, len(got.Text))
	}
}

// What real modules do stays well inside the budget, however it is
// spelled.
func TestBudgetLeavesOrdinaryListsAlone(t *testing.T) {
	names := make([]string, 300)
	for i := range names {
		names[i] = fmt.Sprintf("%q", fmt.Sprintf("team-%d", i))
	}
	locals := map[string]hcl.Expression{
		"names":   parse(t, "["+strings.Join(names, ", ")+"]"),
		"arns":    parse(t, `formatlist("arn:aws:iam::%s:role/%s", var.account, local.names)`),
		"entries": parse(t, `{for n in local.names : n => {principal_arn = format("arn:aws:iam::%s:role/%s", var.account, n), policy_associations = {admin = {policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", access_scope = {type = "cluster"}}}}}`),
		"roles":   parse(t, `yamlencode([for a in local.arns : {rolearn = a, username = "x", groups = ["view"]}])`),
		"matches": parse(t, `[for a in local.arns : a if length(regexall("team-1[0-9]*$", a)) > 0 && contains(local.arns, a)]`),
	}
	r := New(bigVars(), locals)
	for _, src := range []string{`local.entries`, `local.arns`, `local.matches`} {
		if elems, ok := Elements(r.Eval(parse(t, src), nil)); !ok || len(elems) == 0 {
			t.Errorf("%s: %d elements, known %v", src, len(elems), ok)
		}
	}
	if got := StringOf(r.Eval(parse(t, `local.roles`), nil)); !strings.Contains(got.Text, "role/team-299") {
		t.Errorf("local.roles = %v", got.Kind)
	}
	if r.budget.out {
		t.Errorf("the budget ran out on ordinary lists")
	}
}

// A chain of locals costs one evaluation a link, and its value names a
// bounded number of origins.
func TestLocalsChain(t *testing.T) {
	const n = 50000
	locals := map[string]hcl.Expression{"l0": parse(t, `"arn:aws:iam::${var.account}:role/ci"`)}
	for i := 1; i <= n; i++ {
		locals[fmt.Sprintf("l%d", i)] = parse(t, fmt.Sprintf("local.l%d", i-1))
	}
	r := New(bigVars(), locals)
	got := StringOf(r.Eval(parse(t, fmt.Sprintf("local.l%d", n)), nil))
	if got.Kind != Known || got.Text != "arn:aws:iam::111122223333:role/ci" {
		t.Fatalf("local.l%d = %+v", n, got)
	}
	if len(got.From) != maxFrom || !slices.Contains(got.From, "var.account") {
		t.Errorf("From = %q, want %d names with var.account", got.From, maxFrom)
	}

	// A long cycle is unknown all along, and as cheap.
	locals["l0"] = parse(t, fmt.Sprintf("local.l%d", n))
	r = New(bigVars(), locals)
	for _, l := range []string{"local.l0", "local.l25000"} {
		if got := StringOf(r.Eval(parse(t, l), nil)); got.Kind != Unknown {
			t.Errorf("%s in a cycle = %+v", l, got)
		}
	}
}

func BenchmarkLocalsChain(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			locals := map[string]hcl.Expression{"l0": parse(b, `"arn:aws:iam::111122223333:role/ci"`)}
			for i := 1; i <= n; i++ {
				locals[fmt.Sprintf("l%d", i)] = parse(b, fmt.Sprintf("local.l%d", i-1))
			}
			e := parse(b, fmt.Sprintf("local.l%d", n))
			b.ResetTimer()
			for range b.N {
				if StringOf(New(mapVars{}, locals).Eval(e, nil)).Kind != Known {
					b.Fatal("not known")
				}
			}
		})
	}
}

// deferredVars holds some values deferred, as a root read with a
// workspace's HCL variables over its own does.
type deferredVars struct {
	mapVars
	deferred map[string]Deferred
}

func (d deferredVars) Deferred(name string) (Deferred, bool) {
	f, ok := d.deferred[name]
	return f, ok
}

// counted is a deferred value that evaluates src in the reading resolver
// and counts how often it does.
func counted(t *testing.T, src string, n *int) Deferred {
	e := parse(t, src)
	return func(r *Resolver) cty.Value {
		*n++
		return r.Eval(e, nil)
	}
}

// A deferred value is evaluated when first read, once, and never when
// nothing reads it.
func TestDeferredEvaluatedOnceWhenRead(t *testing.T) {
	var read, unread int
	r := New(mapVars{}, nil).WithVars(nil, map[string]Deferred{
		"role_arn": counted(t, `"arn:aws:iam::111122223333:role/ci"`, &read),
		"unused":   counted(t, `"x"`, &unread),
	})
	if !r.Overridden("role_arn") || !r.Overridden("unused") {
		t.Errorf("deferred variables are not context-specific")
	}
	if _, ok := r.VarValue("role_arn"); ok {
		t.Errorf("a value nothing read yet has a value")
	}
	for range 2 {
		if got := StringOf(r.Eval(parse(t, `var.role_arn`), nil)); got.Text != "arn:aws:iam::111122223333:role/ci" {
			t.Errorf("var.role_arn = %+v", got)
		}
	}
	if v, ok := r.VarValue("role_arn"); !ok || v.AsString() != "arn:aws:iam::111122223333:role/ci" {
		t.Errorf("VarValue(role_arn) = %#v, %v", v, ok)
	}
	if read != 1 || unread != 0 {
		t.Errorf("evaluated %d times when read twice and %d times unread; want 1 and 0", read, unread)
	}
}

// A deferred value is paid for out of the module run's one budget: one
// that spends it is unknown and leaves it spent for every context, while
// one evaluated before that is known.
func TestDeferredSpendsSharedBudget(t *testing.T) {
	var n int
	base := New(mapVars{}, map[string]hcl.Expression{"ci": parse(t, `"arn:aws:iam::111122223333:role/ci"`)})
	plain := base.WithVars(nil, map[string]Deferred{"x": counted(t, `"arn:aws:iam::111122223333:role/plain"`, &n)})
	if got := StringOf(plain.Eval(parse(t, `var.x`), nil)); got.Kind != Known {
		t.Errorf("a plain deferred value = %+v, want known", got)
	}
	// 65,536 strings of 1,000 bytes: affordable steps, too many bytes.
	huge := base.WithVars(nil, map[string]Deferred{"x": counted(t, `[for a in range(256) : [for b in range(256) : "`+strings.Repeat("a", 1000)+`"]]`, &n)})
	if got := huge.Eval(parse(t, `var.x`), nil); got.IsWhollyKnown() {
		t.Errorf("a deferred value beyond the budget is known")
	}
	if got := StringOf(base.Eval(parse(t, `local.ci`), nil)); got.Kind != Unknown {
		t.Errorf("after a deferred value spent the budget, local.ci = %+v, want unknown", got)
	}
}

// What a deferred value builds is charged even when written cheaply:
// memory held is memory spent.
func TestDeferredValueCharged(t *testing.T) {
	big := cty.StringVal(strings.Repeat("a", maxBytes))
	r := New(deferredVars{mapVars{}, map[string]Deferred{"x": func(*Resolver) cty.Value { return big }}}, nil)
	if got := StringOf(r.Eval(parse(t, `var.x`), nil)); got.Kind != Unknown {
		t.Errorf("a deferred value larger than the budget = %v, want unknown", got.Kind)
	}
	if got := StringOf(r.Eval(parse(t, `"a"`), nil)); got.Kind != Unknown {
		t.Errorf("after it, a literal = %+v, want unknown: the budget is spent", got)
	}
}

// Deferred values among a root's own variables are evaluated by the
// resolver reading them, once, and shared with the contexts derived from
// it.
func TestDeferredVars(t *testing.T) {
	var n int
	r := New(deferredVars{mapVars{"a": cty.StringVal("plain")}, map[string]Deferred{"x": counted(t, `upper("ci")`, &n)}}, nil)
	for _, res := range []*Resolver{r, r.WithVars(map[string]cty.Value{"a": cty.StringVal("o")}, nil)} {
		if got := StringOf(res.Eval(parse(t, `var.x`), nil)); got.Text != "CI" {
			t.Errorf("var.x = %+v", got)
		}
	}
	if got := StringOf(r.Eval(parse(t, `var.a`), nil)); got.Text != "plain" {
		t.Errorf("var.a = %+v", got)
	}
	if n != 1 {
		t.Errorf("evaluated %d times, want 1", n)
	}
}

// A resolver that shares another's budget (a local child read from its
// caller's run) spends the caller's, not a fresh one of its own.
func TestShareBudget(t *testing.T) {
	caller := New(bigVars(), doubling(t, 30))
	child := New(bigVars(), map[string]hcl.Expression{"ci": parse(t, `"arn:aws:iam::111122223333:role/ci"`)})
	child.ShareBudget(caller)
	_ = child.Eval(parse(t, `local.ci`), nil)
	_ = caller.Eval(parse(t, `local.s30`), nil)
	fresh := New(bigVars(), map[string]hcl.Expression{"ci": parse(t, `"arn:aws:iam::111122223333:role/ci"`)})
	if got := StringOf(fresh.Eval(parse(t, `local.ci`), nil)); got.Kind != Known {
		t.Fatalf("a resolver with its own budget: local.ci = %+v, want known", got)
	}
	other := New(bigVars(), map[string]hcl.Expression{"ci": parse(t, `"arn:aws:iam::111122223333:role/other"`)})
	other.ShareBudget(caller)
	if got := StringOf(other.Eval(parse(t, `local.ci`), nil)); got.Kind != Unknown {
		t.Errorf("after the caller spent the shared budget, local.ci = %+v, want unknown", got)
	}
}
