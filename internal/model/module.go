package model

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// module indexes the blocks of one module by what the model looks up.
type module struct {
	providers []*hclext.Block
	data      map[string]*hclext.Block // "data.TYPE.NAME", "ephemeral.TYPE.NAME"
	resources []*hclext.Block
	modules   []*hclext.Block
	locals    map[string]hcl.Expression
	required  map[string]string // provider local name -> source
	variables map[string]*hclext.Block
	outputs   map[string]hcl.Expression
	// backends are the terraform { backend "TYPE" {} } blocks: where the
	// module's state is written, when it is a root.
	backends []*hclext.Block
}

func index(content *hclext.BodyContent) *module {
	mod := &module{data: map[string]*hclext.Block{}, locals: map[string]hcl.Expression{}, required: map[string]string{},
		variables: map[string]*hclext.Block{}, outputs: map[string]hcl.Expression{}}
	for _, b := range content.Blocks {
		switch b.Type {
		case "provider":
			mod.providers = append(mod.providers, b)
		case "data", "ephemeral":
			if len(b.Labels) == 2 {
				mod.data[b.Type+"."+b.Labels[0]+"."+b.Labels[1]] = b
			}
		case "resource":
			mod.resources = append(mod.resources, b)
		case "variable":
			if len(b.Labels) == 1 {
				mod.variables[b.Labels[0]] = b
			}
		case "module":
			mod.modules = append(mod.modules, b)
		case "locals":
			for name, a := range b.Body.Attributes {
				mod.locals[name] = a.Expr
			}
		case "output":
			if e := blockAttr(b, "value"); e != nil && len(b.Labels) == 1 {
				mod.outputs[b.Labels[0]] = e
			}
		case "terraform":
			for _, rp := range b.Body.Blocks {
				if rp.Type == "backend" && len(rp.Labels) == 1 {
					mod.backends = append(mod.backends, rp)
				}
				if rp.Type != "required_providers" {
					continue
				}
				for name, a := range rp.Body.Attributes {
					mod.required[name] = providerSource(a.Expr)
				}
			}
		}
	}
	return mod
}

// providerSource reads source from a required_providers entry.
func providerSource(expr hcl.Expression) string {
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		return ""
	}
	for _, p := range pairs {
		if hcl.ExprAsKeyword(p.Key) != "source" && literalString(p.Key) != "source" {
			continue
		}
		return strings.ToLower(literalString(p.Value))
	}
	return ""
}

// mayGrant reports whether the module has anything that grants EKS access
// or defines a cluster, so a module without Kubernetes providers still
// needs a model for the grant-only rules.
func (mod *module) mayGrant() bool {
	for _, b := range mod.resources {
		switch b.Labels[0] {
		case "aws_eks_cluster", "aws_eks_access_entry", "aws_eks_access_policy_association",
			"kubernetes_config_map", "kubernetes_config_map_v1", "kubernetes_config_map_v1_data",
			"kubectl_manifest", "kubernetes_manifest":
			return true
		}
	}
	for _, b := range mod.modules {
		if k, _ := moduleKind(b); k != notEKS {
			return true
		}
		// A module that may write aws-auth (see otherModuleMayGrant).
		if mentionsAWSAuth(b) || isLocalSource(strings.ToLower(literalString(blockAttr(b, "source")))) {
			return true
		}
	}
	return false
}

// moduleProvider reads which provider configuration a module call passes
// for name in its providers map.
func (b *builder) moduleProvider(blk *hclext.Block, name string) string {
	e := blockAttr(blk, "providers")
	if e == nil {
		return name
	}
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return name
	}
	for _, p := range pairs {
		if providerRef(p.Key, "") != name {
			continue
		}
		return providerRef(p.Value, name)
	}
	return name
}

func blockAttr(b *hclext.Block, name string) hcl.Expression {
	if b == nil || b.Body == nil {
		return nil
	}
	if a, ok := b.Body.Attributes[name]; ok {
		return a.Expr
	}
	return nil
}

func attrRange(b *hclext.Block, name string) hcl.Range {
	if a, ok := b.Body.Attributes[name]; ok {
		return a.Expr.Range()
	}
	return b.DefRange
}

func blockAddr(b *hclext.Block) string {
	switch b.Type {
	case "resource":
		return b.Labels[0] + "." + b.Labels[1]
	case "module":
		return "module." + b.Labels[0]
	}
	return fmt.Sprintf("%s.%s", b.Type, strings.Join(b.Labels, "."))
}

// literalString returns the value of a literal string expression, or "".
func literalString(expr hcl.Expression) string {
	if expr == nil {
		return ""
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// providerRef reads a provider meta-argument (aws.ci) or a providers map
// value; def when absent. JSON can only write these references as strings
// ("aws.ci"), and Terraform reads such a string as the reference.
func providerRef(e hcl.Expression, def string) string {
	if e == nil {
		return def
	}
	t, ok := reference(e)
	if !ok {
		s := literalString(e)
		if s == "" {
			return def
		}
		var diags hcl.Diagnostics
		if t, diags = hclsyntax.ParseTraversalAbs([]byte(s), "", hcl.InitialPos); diags.HasErrors() {
			return def
		}
	}
	if len(t) == 0 {
		return def
	}
	return resolve.TraversalString(t)
}

// reference returns the traversal e consists of: local.admins, or
// "${local.admins}", the way JSON (and HCL before 0.12) writes it.
func reference(e hcl.Expression) (hcl.Traversal, bool) {
	t, diags := hcl.AbsTraversalForExpr(unwrapTemplate(e))
	return t, !diags.HasErrors()
}

// unwrapTemplate returns the expression of a template that is one
// interpolation and nothing else ("${yamlencode(local.roles)}"): its value
// is that expression's, unconverted, and JSON can write it no other way.
func unwrapTemplate(e hcl.Expression) hcl.Expression {
	if w, ok := e.(*hclsyntax.TemplateWrapExpr); ok {
		return w.Wrapped
	}
	return e
}

// blockObject reads a nested block written as an attribute: JSON writes a
// block as an object or as an array of objects, and where a name is both
// an argument and a block in the schema (helm's kubernetes), the JSON
// reader takes it for the argument. One object in an array is that block.
func blockObject(e hcl.Expression) hcl.Expression {
	if t, ok := e.(*hclsyntax.TupleConsExpr); ok && len(t.Exprs) == 1 && strings.HasSuffix(e.Range().Filename, ".json") {
		return t.Exprs[0]
	}
	return e
}

// followLocal returns the expression of local.NAME when e is exactly that
// reference, else e.
func (mod *module) followLocal(e hcl.Expression) hcl.Expression {
	if e == nil {
		return nil
	}
	for depth := 0; depth < 8; depth++ {
		t, ok := reference(e)
		if !ok || len(t) != 2 || t.RootName() != "local" {
			return e
		}
		a, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			return e
		}
		le, ok := mod.locals[a.Name]
		if !ok {
			return e
		}
		e = le
	}
	return e
}

// objectItems reads an object written in the configuration, following
// local.NAME(.attr...) to the local's object constructor.
func (mod *module) objectItems(e hcl.Expression) (map[string]hcl.Expression, bool) {
	if e == nil {
		return nil, false
	}
	for depth := 0; depth < 8; depth++ {
		if pairs, diags := hcl.ExprMap(e); !diags.HasErrors() {
			out := map[string]hcl.Expression{}
			for _, p := range pairs {
				k := hcl.ExprAsKeyword(p.Key)
				if k == "" {
					k = literalString(p.Key)
				}
				if k != "" {
					out[k] = p.Value
				}
			}
			return out, true
		}
		t, ok := reference(e)
		if !ok || t.RootName() != "local" || len(t) < 2 {
			return nil, false
		}
		name, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			return nil, false
		}
		le, ok := mod.locals[name.Name]
		if !ok {
			return nil, false
		}
		// Walk the rest of the traversal through nested object constructors.
		for _, step := range t[2:] {
			a, ok := step.(hcl.TraverseAttr)
			if !ok {
				return nil, false
			}
			items, ok := mod.objectItems(le)
			if !ok {
				return nil, false
			}
			if le, ok = items[a.Name]; !ok {
				return nil, false
			}
		}
		e = le
	}
	return nil, false
}

// mapItem finds key k's value expression in an object constructor
// (following locals), or nil.
func mapItem(mod *module, e hcl.Expression, k string) hcl.Expression {
	items, ok := mod.objectItems(e)
	if !ok {
		return nil
	}
	return items[k]
}

// listItem finds the expression of key in the i-th object of a list
// written as a tuple constructor (following locals), or nil.
func (mod *module) listItem(e hcl.Expression, i int, key string) hcl.Expression {
	if e == nil {
		return nil
	}
	e = mod.followLocal(e)
	exprs, diags := hcl.ExprList(e)
	if diags.HasErrors() || i < 0 || i >= len(exprs) {
		return nil
	}
	items, ok := mod.objectItems(exprs[i])
	if !ok {
		return nil
	}
	return items[key]
}

// itemRange finds the range of key k's value in an object constructor, so
// a finding about one entry points at it.
func itemRange(e hcl.Expression, k string, def hcl.Range) hcl.Range {
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return def
	}
	for _, p := range pairs {
		if hcl.ExprAsKeyword(p.Key) == k || literalString(p.Key) == k {
			return p.Value.Range()
		}
	}
	return def
}

// exprText renders an expression briefly for messages: a traversal as
// written, anything else as "an expression".
func exprText(e hcl.Expression) string {
	if t, ok := reference(e); ok {
		return resolve.TraversalString(t)
	}
	if s, ok := e.(*hclsyntax.ScopeTraversalExpr); ok {
		return resolve.TraversalString(s.Traversal)
	}
	return "an expression"
}

func firstRange(es ...hcl.Expression) hcl.Range {
	for _, e := range es {
		if e != nil {
			return e.Range()
		}
	}
	return hcl.Range{}
}

func isNullLiteral(e hcl.Expression) bool {
	v, diags := e.Value(nil)
	return !diags.HasErrors() && v.IsNull()
}

// nativeContent returns content with every expression in native syntax
// (see resolve.Syntax), so that the model reads a .tf.json file the way it
// reads a .tf file, with ranges on the JSON lines.
func nativeContent(content *hclext.BodyContent) *hclext.BodyContent {
	if content == nil {
		return nil
	}
	out := &hclext.BodyContent{Attributes: make(hclext.Attributes, len(content.Attributes))}
	for name, a := range content.Attributes {
		c := *a
		c.Expr = resolve.Syntax(a.Expr)
		out.Attributes[name] = &c
	}
	if content.Blocks != nil {
		out.Blocks = make(hclext.Blocks, len(content.Blocks))
	}
	for i, b := range content.Blocks {
		c := *b
		c.Body = nativeContent(b.Body)
		out.Blocks[i] = &c
	}
	return out
}

// forItem finds the expression of key in the object every item of a for
// expression is made from (following locals), or nil: the template the
// items share, whatever the collection it runs over.
func (mod *module) forItem(e hcl.Expression, key string) hcl.Expression {
	if e == nil {
		return nil
	}
	fe, ok := mod.followLocal(e).(*hclsyntax.ForExpr)
	if !ok {
		return nil
	}
	items, ok := mod.objectItems(fe.ValExpr)
	if !ok {
		return nil
	}
	return items[key]
}
