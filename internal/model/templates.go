package model

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Template is a value written once in a grant template and shared by every
// grant the template makes: a literal in the body of a for expression, an
// attribute of an aws_eks_access_entry with count or for_each, an entry
// passed to merge or concat. A template over an empty or unknown collection
// makes no grants today, so its values would go unchecked until the day
// someone adds an element and the apply fails for each of them.
type Template struct {
	Kind GrantKind
	// Source is where the grants are written, as Grant.Source without its
	// item index: "module.eks access_entries", "aws_eks_access_entry.admins".
	Source string
	// Key is the entry's key the value is written under: kubernetes_groups,
	// user_name, principal_arn, rolearn, userarn.
	Key string
	// Value is the value when it is the same for every element. When it
	// depends on the iteration variable it is Unknown and Prefix holds its
	// literal beginning.
	Value  resolve.String
	Prefix string
	// Text renders the value as written, references as symbol.Display
	// shows them and iteration parts as <…>.
	Text string
	// Over says whose grants share the value: "every element of the for
	// expression over var.admin_roles"; "" for an argument of merge or
	// concat, which is one entry (Principal).
	Over string
	// Principal is the entry's principal, when it is the same for every element.
	Principal resolve.String
	// Expr is the value's expression; Range is where it is written.
	Expr  hcl.Expression
	Range hcl.Range
	// frame is the local module call whose reading made the template;
	// nil for the module run's own (see Model.Reports).
	frame *frame
}

// Call is the address of the local module call that made the template;
// "" for the module run's own.
func (t *Template) Call() string { return t.frame.addr() }

func (t *Template) callFrame() *frame { return t.frame }

// Starts reports whether the template's value certainly starts with
// prefix, for every element.
func (t *Template) Starts(prefix string) bool {
	if t.Value.Kind == resolve.Known {
		return strings.HasPrefix(t.Value.Text, prefix)
	}
	return t.Value.Kind == resolve.Unknown && strings.HasPrefix(t.Prefix, prefix)
}

// Covers reports whether a finding about grant g's key with the given value
// is a template's own: the grant was made from a template whose value is
// bad (as the rule judges it) and matches, so the template's finding at the
// literal says it once, for every element.
func (c *Cluster) Covers(g *Grant, key, value string, bad func(*Template) bool) bool {
	base := g.Source
	if i := strings.IndexByte(base, '['); i > 0 {
		base = base[:i]
	}
	if g.EntryRange.Filename != "" && g.entryBlock == nil {
		// A literal entry of its own, not made by a template.
		return false
	}
	for _, t := range c.Templates {
		if t.Source == base && t.Kind == g.Kind && t.Over == "" && t.Principal.Kind == g.Principal.Kind && t.Principal.Text == g.Principal.Text {
			// An entry written out in a merge or concat argument.
			return false
		}
	}
	for _, t := range c.Templates {
		if t.Source != base || t.Key != key || t.Kind != g.Kind || t.Over == "" || !bad(t) {
			continue
		}
		if t.Value.Kind == resolve.Known && t.Value.Text == value || t.Value.Kind == resolve.Unknown && t.Prefix != "" && strings.HasPrefix(value, t.Prefix) {
			return true
		}
	}
	return false
}

// Shadowed reports whether a template value is one entry (a merge or
// concat argument) that the cluster's grants already hold: findings about
// it are the concrete grant's, with its key and its fix.
func (c *Cluster) Shadowed(t *Template) bool {
	if t.Over != "" || t.Principal.Kind != resolve.Known && t.Principal.Kind != resolve.Named {
		return false
	}
	for _, g := range c.Grants {
		base := g.Source
		if i := strings.IndexByte(base, '['); i > 0 {
			base = base[:i]
		}
		if base == t.Source && g.Kind == t.Kind && g.Principal.Kind == t.Principal.Kind && g.Principal.Text == t.Principal.Text {
			return true
		}
	}
	return false
}

// entryKeys are the keys a template's entries are checked under, by kind.
var (
	accessEntryTemplateKeys = []string{"principal_arn", "kubernetes_groups", "user_name"}
	mappingTemplateKeys     = []string{"rolearn", "userarn"}
)

// templateWalk finds the template values of one grant expression.
type templateWalk struct {
	b      *builder
	c      *Cluster
	kind   GrantKind
	source string
	steps  int
}

// maxTemplateSteps bounds the walk of one expression: grant lists are
// small, and an untrusted configuration must not make the walk costly.
const maxTemplateSteps = 4096

// readTemplates adds the template values of a grant expression (a module
// input, a ConfigMap's yamlencode argument) to c.
func (b *builder) readTemplates(c *Cluster, kind GrantKind, source string, e hcl.Expression) {
	// The build turns .tf.json expressions into native syntax first
	// (resolve.Syntax), so anything else here is a missing expression.
	se, ok := e.(hclsyntax.Expression)
	if !ok || c == nil {
		return
	}
	w := &templateWalk{b: b, c: c, kind: kind, source: source}
	w.walk(se, "", false, 0)
}

// walk visits e. inside is set within a for body or a merge/concat
// argument, where object literals are entries of the template; over says
// which for expression they belong to.
func (w *templateWalk) walk(e hclsyntax.Expression, over string, inside bool, depth int) {
	w.steps++
	if e == nil || depth > 32 || w.steps > maxTemplateSteps {
		return
	}
	switch e := e.(type) {
	case *hclsyntax.ForExpr:
		w.walk(e.ValExpr, "every element of the for expression over "+exprShape(e.CollExpr), true, depth+1)
	case *hclsyntax.FunctionCallExpr:
		switch e.Name {
		case "merge", "concat", "flatten", "tomap", "tolist", "toset", "distinct", "compact":
			deeper := inside || e.Name == "merge" || e.Name == "concat"
			for _, a := range e.Args {
				w.walk(a, over, deeper, depth+1)
			}
		}
	case *hclsyntax.ObjectConsExpr:
		if inside {
			w.entry(e, over)
		}
		for _, it := range e.Items {
			w.walk(it.ValueExpr, over, inside, depth+1)
		}
	case *hclsyntax.TupleConsExpr:
		for _, x := range e.Exprs {
			w.walk(x, over, inside, depth+1)
		}
	case *hclsyntax.ParenthesesExpr:
		w.walk(e.Expression, over, inside, depth+1)
	case *hclsyntax.TemplateWrapExpr:
		// "${ ... }" alone: how a .tf.json file writes any expression
		// that is not a literal, and how older native code wrote one.
		w.walk(e.Wrapped, over, inside, depth+1)
	case *hclsyntax.ConditionalExpr:
		w.walk(e.TrueResult, over, inside, depth+1)
		w.walk(e.FalseResult, over, inside, depth+1)
	case *hclsyntax.ScopeTraversalExpr:
		if le, ok := w.b.mod.followLocal(e).(hclsyntax.Expression); ok && le != hclsyntax.Expression(e) {
			w.walk(le, over, inside, depth+1)
		}
	}
}

// entry checks an object literal that is an entry of the template.
func (w *templateWalk) entry(obj *hclsyntax.ObjectConsExpr, over string) {
	items := map[string]hclsyntax.Expression{}
	for _, it := range obj.Items {
		if k := hcl.ExprAsKeyword(it.KeyExpr); k != "" {
			items[k] = it.ValueExpr
		} else if k := literalString(it.KeyExpr); k != "" {
			items[k] = it.ValueExpr
		}
	}
	keys, principalKey := accessEntryTemplateKeys, "principal_arn"
	if w.kind != AccessEntry {
		keys, principalKey = mappingTemplateKeys, "rolearn"
		if w.kind == MapUser {
			principalKey = "userarn"
		}
	}
	var principal resolve.String
	if pe, ok := items[principalKey]; ok {
		principal = resolve.StringOf(w.b.r.Eval(pe, nil))
	} else {
		// Not an entry: a map of entries, or something else.
		return
	}
	for _, k := range keys {
		v, ok := items[k]
		if !ok {
			continue
		}
		leaves := []hclsyntax.Expression{v}
		if k == "kubernetes_groups" {
			tup, ok := v.(*hclsyntax.TupleConsExpr)
			if !ok {
				leaves = nil
				w.addList(k, v, over, principal)
			} else {
				leaves = tup.Exprs
			}
		}
		for _, l := range leaves {
			w.add(w.b.leaf(l), k, over, principal)
		}
	}
}

// addList adds the known elements of a list value written other than as a
// tuple (var.admin_groups inside the for body).
func (w *templateWalk) addList(key string, e hclsyntax.Expression, over string, principal resolve.String) {
	elems, ok := resolve.Elements(w.b.r.Eval(e, nil))
	if !ok {
		return
	}
	for _, el := range elems {
		s := resolve.StringOf(el)
		if s.Kind == resolve.Known {
			w.add(&Template{Value: s, Text: s.Text, Expr: e, Range: e.Range()}, key, over, principal)
		}
	}
}

func (w *templateWalk) add(t *Template, key, over string, principal resolve.String) {
	if t == nil {
		return
	}
	t.Kind, t.Source, t.Key, t.Over, t.Principal = w.kind, w.source, key, over, principal
	w.c.Templates = append(w.c.Templates, t)
}

// leaf reads one value of a template: its value where it is the same for
// every element, else its literal beginning. nil when nothing of it is
// known.
func (b *builder) leaf(e hclsyntax.Expression) *Template {
	s := resolve.StringOf(b.r.Eval(e, nil))
	switch s.Kind {
	case resolve.Known, resolve.Named:
		return &Template{Value: s, Text: s.Display(), Expr: e, Range: e.Range()}
	case resolve.Unknown:
	default:
		return nil
	}
	tmpl, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		return nil
	}
	var prefix, text strings.Builder
	literal := true
	for _, p := range tmpl.Parts {
		if lit, ok := p.(*hclsyntax.LiteralValueExpr); ok && lit.Val.Type().FriendlyName() == "string" && lit.Val.IsKnown() && !lit.Val.IsNull() {
			if literal {
				prefix.WriteString(lit.Val.AsString())
			}
			text.WriteString(lit.Val.AsString())
			continue
		}
		literal = false
		text.WriteString("<…>")
	}
	if prefix.Len() == 0 {
		return nil
	}
	return &Template{Value: resolve.String{Kind: resolve.Unknown}, Prefix: prefix.String(), Text: text.String(), Expr: e, Range: e.Range()}
}

// resourceTemplates adds the values an aws_eks_access_entry with count or
// for_each writes the same for every instance. With an empty or unknown
// collection the block has no instances, and nothing else reads them.
func (b *builder) resourceTemplates(blk *hclext.Block) {
	over := ""
	if e := blockAttr(blk, "for_each"); e != nil {
		over = "every instance of its for_each over " + exprShape(e)
	} else if e := blockAttr(blk, "count"); e != nil {
		over = "every instance of its count"
	}
	if over == "" {
		return
	}
	c, _ := b.clusterFromScope(blockAttr(blk, "cluster_name"), nil)
	if c == nil {
		return
	}
	w := &templateWalk{b: b, c: c, kind: AccessEntry, source: blockAddr(blk)}
	principal := resolve.StringOf(b.r.Eval(blockAttr(blk, "principal_arn"), nil))
	for _, k := range accessEntryTemplateKeys {
		e, ok := blockAttr(blk, k).(hclsyntax.Expression)
		if !ok {
			continue
		}
		leaves := []hclsyntax.Expression{e}
		if tup, ok := e.(*hclsyntax.TupleConsExpr); ok && k == "kubernetes_groups" {
			leaves = tup.Exprs
		} else if k == "kubernetes_groups" {
			continue
		}
		for _, l := range leaves {
			w.add(b.leaf(l), k, over, principal)
		}
	}
}

// exprShape renders a for expression's collection for a message:
// var.admin_roles, toset(var.roles), or "an expression".
func exprShape(e hcl.Expression) string {
	if call, ok := e.(*hclsyntax.FunctionCallExpr); ok && len(call.Args) == 1 {
		if inner := exprShape(call.Args[0]); inner != "an expression" {
			return call.Name + "(" + inner + ")"
		}
	}
	return exprText(e)
}
