package model

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// instance is one instance of a block with count or for_each.
type instance struct {
	scope resolve.Scope
	// maybe is true when it is not known whether this instance exists.
	maybe bool
}

// maxInstances bounds expansion: a for_each over thousands of keys is
// real, a million is a configuration error we should not spend memory on.
const maxInstances = 10000

// instances expands count and for_each the way Terraform does, as far as
// they can be evaluated. count = 0 gives none: the block does not exist.
// An unknown count or for_each gives one instance that may or may not
// exist, with count.index or each unknown.
func (b *builder) instances(block *hclext.Block) []instance {
	if e := blockAttr(block, "count"); e != nil {
		v := b.r.Eval(e, nil)
		if !resolve.Usable(v) {
			return []instance{{scope: resolve.Scope{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)})}, maybe: true}}
		}
		n, err := countOf(v)
		if err != nil {
			return []instance{{maybe: true}}
		}
		out := make([]instance, 0, n)
		for i := 0; i < n; i++ {
			out = append(out, instance{scope: resolve.Scope{"count": cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(int64(i))})}})
		}
		return out
	}
	if e := blockAttr(block, "for_each"); e != nil {
		v := b.r.Eval(e, nil)
		unknown := []instance{{scope: resolve.Scope{"each": cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal})}, maybe: true}}
		inner, _ := v.Unmark()
		if !inner.IsKnown() || inner.IsNull() || resolve.IsSensitive(v) {
			return unknown
		}
		ty := inner.Type()
		var out []instance
		switch {
		case ty.IsMapType() || ty.IsObjectType():
			for it := inner.ElementIterator(); it.Next(); {
				k, val := it.Element()
				if len(out) == maxInstances || !k.IsKnown() {
					return unknown
				}
				out = append(out, eachInstance(k, val))
			}
		case ty.IsSetType() || ty.IsListType() || ty.IsTupleType():
			// Terraform requires a set of strings; toset(list) is the usual spelling.
			for it := inner.ElementIterator(); it.Next(); {
				_, val := it.Element()
				uv, _ := val.Unmark()
				if len(out) == maxInstances || !uv.IsKnown() || uv.IsNull() || uv.Type() != cty.String {
					return unknown
				}
				out = append(out, eachInstance(uv, val))
			}
		default:
			return unknown
		}
		return out
	}
	return []instance{{}}
}

func eachInstance(key, value cty.Value) instance {
	return instance{scope: resolve.Scope{"each": cty.ObjectVal(map[string]cty.Value{"key": key, "value": value})}}
}

func countOf(v cty.Value) (int, error) {
	v, _ = v.UnmarkDeep()
	var n int
	if v.Type() != cty.Number {
		return 0, errNotCount
	}
	bf := v.AsBigFloat()
	i, acc := bf.Int64()
	if acc != 0 || i < 0 || i > maxInstances {
		return 0, errNotCount
	}
	n = int(i)
	return n, nil
}

var errNotCount = hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "count is not a whole number in range"}}

// instanceString evaluates a string attribute; with several instances it
// is only known when all agree.
func (b *builder) instanceString(blk *hclext.Block, name string, insts []instance) resolve.String {
	e := blockAttr(blk, name)
	if e == nil {
		return resolve.String{Kind: resolve.Null}
	}
	var out resolve.String
	for i, in := range insts {
		s := resolve.StringOf(b.r.Eval(e, in.scope))
		if i == 0 {
			out = s
		} else if s.Kind != out.Kind || s.Text != out.Text {
			return resolve.String{Kind: resolve.Unknown}
		}
	}
	return out
}

// instanceBool evaluates a boolean for every instance; ok is false unless
// all are known and agree.
func (b *builder) instanceBool(e hcl.Expression, insts []instance) (on, ok bool) {
	for i, in := range insts {
		v, known := resolve.Bool(b.r.Eval(e, in.scope))
		if !known || i > 0 && v != on {
			return false, false
		}
		on = v
	}
	return on, len(insts) > 0
}
