package resolve

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// The configuration is written by whoever opens a pull request, so every
// evaluation of one module run draws on one budget: steps (loop
// iterations, template parts, function calls, values walked) and bytes
// (text and values built). When it runs out, what is being evaluated and
// everything evaluated after it is unknown, which costs findings but
// never invents one. Role and grant lists of real modules spend a few
// thousand steps and well under a megabyte; doubling strings, nested loops
// over huge lists or regexall over megabytes of text reach the limits in
// a fraction of a second.
const (
	maxSteps = 500_000
	maxBytes = 64 << 20
	// elementBytes is what one value costs in memory besides its text.
	elementBytes = 64
)

// budget is what is left to spend. It is shared by a resolver and those
// WithVars derives from it: one module run, however many contexts.
type budget struct {
	steps, bytes int64
	out          bool
}

func newBudget() *budget { return &budget{steps: maxSteps, bytes: maxBytes} }

// spend takes steps and bytes from the budget. It reports false when they
// were not there; from then on the budget stays exhausted.
func (b *budget) spend(steps, bytes int64) bool {
	if b.out {
		return false
	}
	b.steps -= steps
	b.bytes -= bytes
	if b.steps < 0 || b.bytes < 0 {
		b.out = true
	}
	return !b.out
}

// afford reports whether steps and bytes are left, spending nothing: for
// checking what a function call may build before it builds it.
func (b *budget) afford(steps, bytes int64) bool {
	return !b.out && steps <= b.steps && bytes <= b.bytes
}

// charge spends a step for each value in v and the bytes it holds.
func (b *budget) charge(v cty.Value) bool {
	if b.out {
		return false
	}
	n, size, ok := measure(v, b.steps, b.bytes)
	if !ok {
		b.out = true
		return false
	}
	return b.spend(n, size)
}

// measure counts the values in v and the bytes they hold (text, keys and
// elementBytes a value), as if every shared value were a copy: that is
// what functions and templates that read v build from it. It stops, with
// ok false, as soon as either passes its limit, so measuring is never
// dearer than the budget it checks.
func measure(v cty.Value, maxN, maxB int64) (n, bytes int64, ok bool) {
	var walk func(v cty.Value) bool
	walk = func(v cty.Value) bool {
		n++
		bytes += elementBytes
		if n > maxN || bytes > maxB {
			return false
		}
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() {
			return true
		}
		ty := v.Type()
		switch {
		case ty == cty.String:
			bytes += int64(len(v.AsString()))
			return bytes <= maxB
		case ty.IsListType() || ty.IsSetType() || ty.IsTupleType():
			for it := v.ElementIterator(); it.Next(); {
				if _, e := it.Element(); !walk(e) {
					return false
				}
			}
		case ty.IsMapType() || ty.IsObjectType():
			for it := v.ElementIterator(); it.Next(); {
				k, e := it.Element()
				bytes += int64(len(k.AsString()))
				if !walk(e) {
					return false
				}
			}
		}
		return true
	}
	ok = walk(v)
	return n, bytes, ok
}

// measureAll measures several values against one limit.
func measureAll(args []cty.Value, maxN, maxB int64) (n, bytes int64, ok bool) {
	for _, a := range args {
		an, ab, aok := measure(a, maxN-n, maxB-bytes)
		n, bytes = n+an, bytes+ab
		if !aok {
			return n, bytes, false
		}
	}
	return n, bytes, true
}

// metered evaluates an expression inside a loop body or a template at the
// budget's expense: a step, and what the value it yields is worth. Once
// the budget is gone it yields unknown at once, so the loops around it
// finish in steps of nanoseconds.
type metered struct {
	hclsyntax.Expression
	b *budget
}

func (m metered) Value(ctx *hcl.EvalContext) (cty.Value, hcl.Diagnostics) {
	if !m.b.spend(1, 0) {
		return cty.DynamicVal, nil
	}
	v, diags := m.Expression.Value(ctx)
	if !m.b.charge(v) {
		return cty.DynamicVal, diags
	}
	return v, diags
}

// meter returns a copy of e in which every loop body, template part and
// operand of an operator is metered. hclsyntax evaluates for expressions
// and templates itself; the copy is how the budget reaches inside them.
// e is left as it is: trust and nesting are decided on the original.
func meter(e hclsyntax.Expression, b *budget) hclsyntax.Expression {
	m := func(x hclsyntax.Expression) hclsyntax.Expression {
		if x == nil {
			return nil
		}
		return metered{meter(x, b), b}
	}
	switch e := e.(type) {
	case *hclsyntax.ForExpr:
		c := *e
		c.CollExpr = meter(e.CollExpr, b)
		c.KeyExpr, c.ValExpr, c.CondExpr = m(e.KeyExpr), m(e.ValExpr), m(e.CondExpr)
		return &c
	case *hclsyntax.TemplateExpr:
		c := *e
		c.Parts = make([]hclsyntax.Expression, len(e.Parts))
		for i, p := range e.Parts {
			c.Parts[i] = m(p)
		}
		return &c
	case *hclsyntax.TemplateWrapExpr:
		c := *e
		c.Wrapped = meter(e.Wrapped, b)
		return &c
	case *hclsyntax.TemplateJoinExpr:
		c := *e
		c.Tuple = meter(e.Tuple, b)
		return &c
	case *hclsyntax.BinaryOpExpr:
		c := *e
		c.LHS, c.RHS = m(e.LHS), m(e.RHS)
		return &c
	case *hclsyntax.UnaryOpExpr:
		c := *e
		c.Val = m(e.Val)
		return &c
	case *hclsyntax.SplatExpr:
		// Item is shared: Each finds the current element through it.
		c := *e
		c.Source, c.Each = meter(e.Source, b), m(e.Each)
		return &c
	case *hclsyntax.ParenthesesExpr:
		c := *e
		c.Expression = meter(e.Expression, b)
		return &c
	case *hclsyntax.FunctionCallExpr:
		c := *e
		c.Args = make([]hclsyntax.Expression, len(e.Args))
		for i, a := range e.Args {
			c.Args[i] = meter(a, b)
		}
		return &c
	case *hclsyntax.ConditionalExpr:
		c := *e
		c.Condition, c.TrueResult, c.FalseResult = meter(e.Condition, b), meter(e.TrueResult, b), meter(e.FalseResult, b)
		return &c
	case *hclsyntax.IndexExpr:
		c := *e
		c.Collection, c.Key = meter(e.Collection, b), meter(e.Key, b)
		return &c
	case *hclsyntax.RelativeTraversalExpr:
		c := *e
		c.Source = meter(e.Source, b)
		return &c
	case *hclsyntax.TupleConsExpr:
		c := *e
		c.Exprs = make([]hclsyntax.Expression, len(e.Exprs))
		for i, x := range e.Exprs {
			c.Exprs[i] = meter(x, b)
		}
		return &c
	case *hclsyntax.ObjectConsExpr:
		c := *e
		c.Items = make([]hclsyntax.ObjectConsItem, len(e.Items))
		for i, item := range e.Items {
			c.Items[i] = hclsyntax.ObjectConsItem{KeyExpr: meter(item.KeyExpr, b), ValueExpr: meter(item.ValueExpr, b)}
		}
		return &c
	case *hclsyntax.ObjectConsKeyExpr:
		c := *e
		c.Wrapped = meter(e.Wrapped, b)
		return &c
	}
	// Literals, traversals and anything newer than this list: nothing to
	// iterate inside them.
	return e
}
