package resolve

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// Mode says what kind of object a reference names.
type Mode int

const (
	// Other is anything this package does not follow (count, each, path, self, for-expression symbols).
	Other Mode = iota
	// Variable is var.NAME.
	Variable
	// Local is local.NAME.
	Local
	// ModuleCall is module.NAME, optionally with an instance key.
	ModuleCall
	// Data is data.TYPE.NAME.
	Data
	// Ephemeral is ephemeral.TYPE.NAME.
	Ephemeral
	// Resource is TYPE.NAME.
	Resource
)

// Ref is a reference from a Terraform expression, split the way Terraform
// addresses objects: the object (Mode, Type, Name), the instance key if a
// static one was written, and the attribute path after it.
type Ref struct {
	Mode Mode
	Type string // resource type for Data, Ephemeral and Resource
	Name string
	// Key is the static instance key written after the name ([0], ["a"]), or cty.NilVal.
	Key cty.Value
	// Attr is the first attribute name after the object, e.g. "cluster_name"
	// in module.eks.cluster_name; "" when there is none.
	Attr string
	// Traversal is the whole traversal the reference was parsed from.
	Traversal hcl.Traversal
}

// ParseRef splits a traversal into a Ref. It never fails: traversals it does
// not understand come back with Mode Other.
func ParseRef(t hcl.Traversal) Ref {
	r := Ref{Traversal: t}
	if len(t) == 0 || t.IsRelative() {
		return r
	}
	root := t.RootName()
	rest := t[1:]
	name := func(i int) (string, bool) {
		if i >= len(rest) {
			return "", false
		}
		a, ok := rest[i].(hcl.TraverseAttr)
		return a.Name, ok
	}
	// afterObject reads an optional instance key and the first attribute
	// that follow the object's address at rest[i].
	afterObject := func(i int) {
		if i < len(rest) {
			if ix, ok := rest[i].(hcl.TraverseIndex); ok {
				r.Key = ix.Key
				i++
			}
		}
		if a, ok := name(i); ok {
			r.Attr = a
		}
	}
	switch root {
	case "var", "local":
		n, ok := name(0)
		if !ok {
			return r
		}
		r.Mode, r.Name = Variable, n
		if root == "local" {
			r.Mode = Local
		}
		afterObject(1)
		r.Key = cty.NilVal
	case "module":
		n, ok := name(0)
		if !ok {
			return r
		}
		r.Mode, r.Name = ModuleCall, n
		afterObject(1)
	case "data", "ephemeral":
		typ, ok1 := name(0)
		n, ok2 := name(1)
		if !ok1 || !ok2 {
			return r
		}
		r.Mode, r.Type, r.Name = Data, typ, n
		if root == "ephemeral" {
			r.Mode = Ephemeral
		}
		afterObject(2)
	case "count", "each", "path", "self", "terraform":
		return r
	default:
		n, ok := name(0)
		if !ok || !strings.Contains(root, "_") {
			// Resource types always have a provider prefix; a bare name
			// is a for-expression symbol or something we do not follow.
			return r
		}
		r.Mode, r.Type, r.Name = Resource, root, n
		afterObject(1)
	}
	return r
}

// TraversalString renders a traversal the way it is written in configuration.
func TraversalString(t hcl.Traversal) string {
	var b strings.Builder
	for i, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.Name)
		case hcl.TraverseIndex:
			b.WriteString(keyString(s.Key))
		case hcl.TraverseSplat:
			b.WriteString("[*]")
		}
	}
	return b.String()
}

func keyString(k cty.Value) string {
	if !k.IsKnown() || k.IsNull() {
		return "[?]"
	}
	k, _ = k.Unmark()
	switch k.Type() {
	case cty.String:
		return fmt.Sprintf("[%q]", k.AsString())
	case cty.Number:
		return "[" + k.AsBigFloat().Text('f', -1) + "]"
	}
	return "[?]"
}
