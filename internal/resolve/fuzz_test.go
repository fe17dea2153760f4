package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// FuzzEval evaluates arbitrary expressions (and an arbitrary local) and
// reads the result the ways the model does. Nothing may panic, and a
// placeholder must never turn into a known value of another shape: what
// Eval calls known must not depend on the text a placeholder happens to
// have. The expression is evaluated twice, the second time with every
// module, data, ephemeral and resource reference renamed (so each
// placeholder has other text and another length); the known leaves and
// keys of both results must be the same, and no known text may hold a
// piece of a placeholder.
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
		// A function that reads its argument's text would make a known
		// value out of a placeholder's length or a piece of it.
		{`[length(split("e", module.iam.arn)), substr(local.x, 0, 3)]`, `data.aws_iam_role.r.arn`},
		{`{for r in [module.a.b] : upper(r) => strrev(r)}`, `null`},
		{`"${upper(local.x)}-${module.iam.name}"`, `aws_iam_role.r.arn`},
	} {
		f.Add(seed.expr, seed.local)
	}
	f.Fuzz(func(t *testing.T, src, local string) {
		if len(src) > 4096 || len(local) > 4096 {
			return
		}
		// refs are the references a placeholder may name: the traversals
		// of the two expressions and their prefixes.
		refs := map[string]bool{}
		eval := func(rename bool) (cty.Value, bool) {
			e, diags := hclsyntax.ParseExpression([]byte(src), "fuzz.tf", hcl.InitialPos)
			if diags.HasErrors() {
				return cty.NilVal, false
			}
			l, diags := hclsyntax.ParseExpression([]byte(local), "fuzz.tf", hcl.InitialPos)
			if diags.HasErrors() {
				return cty.NilVal, false
			}
			if rename {
				renameObjects(e)
				renameObjects(l)
			} else {
				for _, tr := range append(e.Variables(), l.Variables()...) {
					for i := 1; i <= len(tr); i++ {
						refs[TraversalString(tr[:i])] = true
					}
				}
			}
			r := New(mapVars{"a": cty.StringVal("x"), "n": cty.NumberIntVal(3)}, map[string]hcl.Expression{"x": l})
			return r.Eval(e, nil), true
		}
		v, ok := eval(false)
		if !ok {
			return
		}
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

		renamed, _ := eval(true)
		got, okGot := knownParts(t, v, refs)
		other, okOther := knownParts(t, renamed, nil)
		if !okGot || !okOther {
			return // too large to compare
		}
		if !slices.Equal(got, other) {
			t.Errorf("what is known of %q (local.x = %q) depends on the text of its placeholders:\n\tas written: %q\n\trenamed:    %q", src, local, got, other)
		}
	})
}

// renameSuffix cannot be written in an HCL identifier, so a renamed object
// never meets another object of the configuration.
const renameSuffix = "~renamed"

// renameObjects renames, in place, every module, data, ephemeral and
// resource object that e refers to. Variables and locals keep their names:
// their values come from outside the expression.
func renameObjects(e hclsyntax.Expression) {
	_ = hclsyntax.VisitAll(e, func(n hclsyntax.Node) hcl.Diagnostics {
		st, ok := n.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return nil
		}
		i := -1
		switch ParseRef(st.Traversal).Mode {
		case ModuleCall, Resource:
			i = 1
		case Data, Ephemeral:
			i = 2
		}
		if i < 0 || i >= len(st.Traversal) {
			return nil
		}
		if a, ok := st.Traversal[i].(hcl.TraverseAttr); ok {
			a.Name += renameSuffix
			t := slices.Clone(st.Traversal)
			t[i] = a
			st.Traversal = t
		}
		return nil
	})
}

// maxParts bounds the comparison of two results.
const maxParts = 10000

// knownParts lists, sorted, what StringOf calls known in v's leaves and the
// keys of its maps and objects that hold no placeholder. ok is false when v
// has more than maxParts of them. Along the way it checks every string it
// reads (unless refs is nil): placeholders in it must be whole and name one
// of refs, else a function has cut one up or rewritten it, and the result
// would name a reference the configuration never wrote.
func knownParts(t *testing.T, v cty.Value, refs map[string]bool) (parts []string, ok bool) {
	var visit func(v cty.Value, depth int) bool
	visit = func(v cty.Value, depth int) bool {
		if depth > 32 || len(parts) > maxParts {
			return false
		}
		if keys, ok := Keys(v); ok {
			for _, k := range keys {
				checkPlaceholders(t, "key", k, refs)
				if !symbol.Contains(k) {
					parts = append(parts, "key "+k)
				}
			}
		}
		if elems, ok := Elements(v); ok {
			for _, e := range elems {
				if !visit(e, depth+1) {
					return false
				}
			}
			return true
		}
		s := StringOf(v)
		switch s.Kind {
		case Known:
			checkPlaceholders(t, "value", s.Text, refs)
			parts = append(parts, "value "+s.Text)
		case Named:
			checkPlaceholders(t, "value", s.Text, refs)
		}
		return true
	}
	if !visit(v, 0) || len(parts) > maxParts {
		return nil, false
	}
	slices.Sort(parts)
	return parts, true
}

// checkPlaceholders fails the test unless every placeholder in s is whole
// (delimiters in pairs, none nested) and names one of refs.
func checkPlaceholders(t *testing.T, what, s string, refs map[string]bool) {
	t.Helper()
	if refs == nil {
		return
	}
	rest := s
	for rest != "" {
		i := strings.IndexAny(rest, string(symbol.Open)+string(symbol.Close))
		if i < 0 {
			break
		}
		if r, _ := utf8.DecodeRuneInString(rest[i:]); r == symbol.Close {
			t.Errorf("%s %q holds part of a placeholder", what, s)
			return
		}
		rest = rest[i+utf8.RuneLen(symbol.Open):]
		j := strings.IndexAny(rest, string(symbol.Open)+string(symbol.Close))
		if j < 0 || !strings.HasPrefix(rest[j:], string(symbol.Close)) {
			t.Errorf("%s %q holds part of a placeholder", what, s)
			return
		}
		rest = rest[j+utf8.RuneLen(symbol.Close):]
	}
	for _, ref := range symbol.Refs(s) {
		if !refs[ref] {
			t.Errorf("%s %q has a placeholder for %s, which the expression does not reference", what, s, ref)
		}
	}
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
