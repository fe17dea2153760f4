package resolve

import (
	"math"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// trusted reports whether expr may be evaluated with placeholders: whether
// no value that depends on a placeholder reaches a place where evaluation
// could branch on it (a condition, an operator, an index or key, a for
// collection, an argument of a function that inspects its arguments).
// There a placeholder's text would be taken for the value it stands for.
func (r *Resolver) trusted(expr hcl.Expression, scope Scope) bool {
	syn, ok := expr.(hclsyntax.Expression)
	if !ok {
		// JSON syntax: no tree to inspect, so no placeholders.
		return false
	}
	var decisive []hcl.Traversal
	if !collectDecisive(syn, &decisive) {
		return false
	}
	for _, t := range decisive {
		root := t.RootName()
		if _, ok := scope[root]; ok {
			continue
		}
		switch ParseRef(t).Mode {
		case Variable, Local:
			ctx := r.context(&hclsyntax.ScopeTraversalExpr{Traversal: t, SrcRange: t.SourceRange()}, scope, true)
			v, diags := t.TraverseAbs(ctx)
			if diags.HasErrors() || v.HasMarkDeep(symbolicMark{}) {
				return false
			}
		case Other:
			// count, each, path, terraform, self: never placeholders.
		default:
			return false
		}
	}
	return true
}

// collectDecisive appends the traversals that appear in decision positions
// of e. It returns false for expression kinds it does not know, which are
// then treated as untrusted as a whole.
func collectDecisive(e hclsyntax.Expression, out *[]hcl.Traversal) bool {
	all := func(x hclsyntax.Expression) bool {
		*out = append(*out, x.Variables()...)
		return true
	}
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr, *hclsyntax.ScopeTraversalExpr:
		return true
	case *hclsyntax.TemplateExpr:
		for _, p := range e.Parts {
			if !collectDecisive(p, out) {
				return false
			}
		}
		return true
	case *hclsyntax.TemplateWrapExpr:
		return collectDecisive(e.Wrapped, out)
	case *hclsyntax.ParenthesesExpr:
		return collectDecisive(e.Expression, out)
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			if !collectDecisive(x, out) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsExpr:
		for _, item := range e.Items {
			if k, ok := item.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); !ok || k.ForceNonLiteral || hcl.ExprAsKeyword(k.Wrapped) == "" {
				all(item.KeyExpr)
			}
			if !collectDecisive(item.ValueExpr, out) {
				return false
			}
		}
		return true
	case *hclsyntax.ObjectConsKeyExpr:
		return all(e)
	case *hclsyntax.RelativeTraversalExpr:
		return collectDecisive(e.Source, out)
	case *hclsyntax.IndexExpr:
		all(e.Key)
		return collectDecisive(e.Collection, out)
	case *hclsyntax.ConditionalExpr:
		all(e.Condition)
		return collectDecisive(e.TrueResult, out) && collectDecisive(e.FalseResult, out)
	case *hclsyntax.FunctionCallExpr:
		if !dataFunctions[e.Name] || e.ExpandFinal {
			for _, a := range e.Args {
				all(a)
			}
			return true
		}
		for i, a := range e.Args {
			if i == 0 && (e.Name == "format" || e.Name == "formatlist" || e.Name == "join") {
				all(a) // the format string or separator
				continue
			}
			if !collectDecisive(a, out) {
				return false
			}
		}
		return true
	case *hclsyntax.ForExpr:
		all(e.CollExpr)
		if e.KeyExpr != nil {
			all(e.KeyExpr)
		}
		if e.CondExpr != nil {
			all(e.CondExpr)
		}
		// The value expression's own references are data; its symbols are
		// bound to elements of the collection checked above.
		return collectDecisive(e.ValExpr, out)
	case *hclsyntax.SplatExpr, *hclsyntax.BinaryOpExpr, *hclsyntax.UnaryOpExpr, *hclsyntax.TemplateJoinExpr:
		return all(e)
	}
	return false
}

// maxNesting is how many iterations may nest in one expression: for
// expressions inside for expressions, and range() inside them.
const maxNesting = 2

// multiplies returns how deeply iterations nest in e: each for
// expression's body, and each range() call, is one level below where it
// stands. JSON expressions cannot nest for expressions.
func multiplies(e hcl.Expression) int {
	syn, ok := e.(hclsyntax.Expression)
	if !ok {
		return 0
	}
	var depth func(n hclsyntax.Node) int
	depth = func(n hclsyntax.Node) int {
		best := 0
		switch n := n.(type) {
		case *hclsyntax.ForExpr:
			best = depth(n.CollExpr)
			for _, x := range []hclsyntax.Expression{n.KeyExpr, n.ValExpr, n.CondExpr} {
				if x != nil {
					best = max(best, 1+depth(x))
				}
			}
			return best
		case *hclsyntax.FunctionCallExpr:
			for _, a := range n.Args {
				best = max(best, depth(a))
			}
			if n.Name == "range" {
				best++
			}
			return best
		}
		for _, c := range children(n) {
			best = max(best, depth(c))
		}
		return best
	}
	return depth(syn)
}

// children lists the direct child expressions of a node.
func children(n hclsyntax.Node) []hclsyntax.Node {
	var out []hclsyntax.Node
	w := childWalker{out: &out, root: n}
	_ = hclsyntax.Walk(n, &w)
	return out
}

// childWalker collects the nodes one level below root.
type childWalker struct {
	out   *[]hclsyntax.Node
	root  hclsyntax.Node
	level int
}

func (w *childWalker) Enter(n hclsyntax.Node) hcl.Diagnostics {
	if w.level == 1 {
		*w.out = append(*w.out, n)
	}
	w.level++
	return nil
}

func (w *childWalker) Exit(hclsyntax.Node) hcl.Diagnostics {
	w.level--
	return nil
}

// maxElements bounds a local's value: locals feed for expressions in other
// locals, where sizes multiply across expressions.
const maxElements = 100000

// capped returns v, or an unknown value when it holds more than
// maxElements values in all or the budget cannot pay for walking it.
func (r *Resolver) capped(v cty.Value) cty.Value {
	n, _, ok := measure(v, min(maxElements, r.budget.steps), math.MaxInt64)
	if !ok || !r.budget.spend(n, 0) {
		return cty.DynamicVal
	}
	return v
}

// maxExponent bounds number literals: 7E99999999 parses to a small value in
// memory, but writing it out as text (a template, tostring) takes
// gigabytes.
const maxExponent = 4096

// hugeNumber reports whether e contains a number literal beyond maxExponent.
func hugeNumber(e hcl.Expression) bool {
	syn, ok := e.(hclsyntax.Expression)
	if !ok {
		return false
	}
	huge := false
	hclsyntax.VisitAll(syn, func(n hclsyntax.Node) hcl.Diagnostics {
		if lit, ok := n.(*hclsyntax.LiteralValueExpr); ok && tooLarge(lit.Val) {
			huge = true
		}
		return nil
	})
	return huge
}

// tooLarge reports whether v is a number whose decimal text would be
// longer than maxExponent digits.
func tooLarge(v cty.Value) bool {
	v, _ = v.UnmarkDeep()
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.Number {
		return false
	}
	exp := v.AsBigFloat().MantExp(nil)
	return exp > maxExponent*4 || exp < -maxExponent*4
}
