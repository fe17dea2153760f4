package resolve

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	yaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// The functions this package evaluates itself are the ones role and grant
// lists are built with. Every other Terraform function evaluates to an
// unknown value: a missing function must cost a finding, never invent one.
var (
	funcsOnce sync.Once
	funcs     map[string]function.Function
)

func functions() map[string]function.Function {
	funcsOnce.Do(func() {
		funcs = map[string]function.Function{
			"abs":             stdlib.AbsoluteFunc,
			"ceil":            stdlib.CeilFunc,
			"chomp":           stdlib.ChompFunc,
			"chunklist":       stdlib.ChunklistFunc,
			"coalesce":        stdlib.CoalesceFunc,
			"coalescelist":    stdlib.CoalesceListFunc,
			"compact":         stdlib.CompactFunc,
			"concat":          stdlib.ConcatFunc,
			"contains":        stdlib.ContainsFunc,
			"distinct":        stdlib.DistinctFunc,
			"element":         stdlib.ElementFunc,
			"flatten":         stdlib.FlattenFunc,
			"floor":           stdlib.FloorFunc,
			"format":          bounded(stdlib.FormatFunc, wideFormat),
			"formatlist":      bounded(stdlib.FormatListFunc, wideFormat),
			"indent":          bounded(stdlib.IndentFunc, bigNumber),
			"join":            stdlib.JoinFunc,
			"jsondecode":      stdlib.JSONDecodeFunc,
			"jsonencode":      stdlib.JSONEncodeFunc,
			"keys":            stdlib.KeysFunc,
			"length":          stdlib.LengthFunc,
			"lookup":          stdlib.LookupFunc,
			"lower":           stdlib.LowerFunc,
			"max":             stdlib.MaxFunc,
			"merge":           stdlib.MergeFunc,
			"min":             stdlib.MinFunc,
			"range":           bounded(stdlib.RangeFunc, bigRange),
			"regex":           stdlib.RegexFunc,
			"regexall":        stdlib.RegexAllFunc,
			"reverse":         stdlib.ReverseListFunc,
			"setintersection": stdlib.SetIntersectionFunc,
			"setsubtract":     stdlib.SetSubtractFunc,
			"setunion":        stdlib.SetUnionFunc,
			"slice":           stdlib.SliceFunc,
			"sort":            stdlib.SortFunc,
			"split":           stdlib.SplitFunc,
			"strrev":          stdlib.ReverseFunc,
			"substr":          stdlib.SubstrFunc,
			"title":           stdlib.TitleFunc,
			"trim":            stdlib.TrimFunc,
			"trimprefix":      stdlib.TrimPrefixFunc,
			"trimspace":       stdlib.TrimSpaceFunc,
			"trimsuffix":      stdlib.TrimSuffixFunc,
			"upper":           stdlib.UpperFunc,
			"values":          stdlib.ValuesFunc,
			"zipmap":          stdlib.ZipmapFunc,
			"yamlencode":      yaml.YAMLEncodeFunc,
			"try":             tryfunc.TryFunc,
			"can":             tryfunc.CanFunc,
			"tostring":        stdlib.MakeToFunc(cty.String),
			"tonumber":        stdlib.MakeToFunc(cty.Number),
			"tobool":          stdlib.MakeToFunc(cty.Bool),
			"tolist":          stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
			"toset":           stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
			"tomap":           stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
			"one":             oneFunc,
			"startswith":      stringPredicate(strings.HasPrefix),
			"endswith":        stringPredicate(strings.HasSuffix),
		}
	})
	return funcs
}

// maxCost bounds what one function call may build: a configuration is
// data from a repository we lint, and range(1e9) or format("%999999999s")
// must cost an unknown value, not the machine.
const maxCost = 100000

// bounded wraps a function whose result can grow with its arguments:
// when tooBig says so, the result is unknown. (setproduct grows
// exponentially and yamldecode can expand alias bombs; they are not offered
// at all.)
func bounded(f function.Function, tooBig func([]cty.Value) bool) function.Function {
	return function.New(&function.Spec{
		Params:   f.Params(),
		VarParam: f.VarParam(),
		Type: func(args []cty.Value) (cty.Type, error) {
			if tooBig(args) {
				return cty.DynamicPseudoType, nil
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			if tooBig(args) {
				return cty.DynamicVal, nil
			}
			return f.Call(args)
		},
	})
}

// maxRange bounds range(): its result is iterated by for expressions, and
// nesting multiplies (see multiplies in trust.go).
const maxRange = 256

// bigRange: a range() that would produce more than maxRange numbers.
func bigRange(args []cty.Value) bool {
	for _, a := range args {
		a, _ = a.UnmarkDeep()
		if a.IsKnown() && !a.IsNull() && a.Type() == cty.Number {
			if f := a.AsBigFloat(); f.Abs(f).Cmp(big.NewFloat(maxRange)) > 0 {
				return true
			}
		}
	}
	return false
}

// bigNumber: any number argument beyond maxCost (indent).
func bigNumber(args []cty.Value) bool {
	for _, a := range args {
		a, _ = a.UnmarkDeep()
		if a.IsKnown() && !a.IsNull() && a.Type() == cty.Number {
			if f := a.AsBigFloat(); f.Abs(f).Cmp(big.NewFloat(maxCost)) > 0 {
				return true
			}
		}
	}
	return false
}

// formatWidth finds widths and precisions in a format string: %999999s.
var formatWidth = regexp.MustCompile(`%[-+# 0]*(\d*)(?:\.(\d*))?`)

// wideFormat: a width or precision in the format string beyond maxCost.
func wideFormat(args []cty.Value) bool {
	if len(args) == 0 {
		return false
	}
	a, _ := args[0].UnmarkDeep()
	if !a.IsKnown() || a.IsNull() || a.Type() != cty.String {
		return false
	}
	for _, m := range formatWidth.FindAllStringSubmatch(a.AsString(), -1) {
		for _, n := range m[1:] {
			if len(n) > 6 {
				return true
			}
			if v, err := strconv.Atoi(n); err == nil && v > maxCost {
				return true
			}
		}
	}
	return false
}

// unknownFunc stands in for any function this package does not implement.
var unknownFunc = function.New(&function.Spec{
	VarParam: &function.Parameter{
		Name:             "args",
		Type:             cty.DynamicPseudoType,
		AllowUnknown:     true,
		AllowNull:        true,
		AllowMarked:      true,
		AllowDynamicType: true,
	},
	Type: function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func([]cty.Value, cty.Type) (cty.Value, error) { return cty.DynamicVal, nil },
})

// oneFunc is Terraform's one(): the single element of a collection, or null.
var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type:   function.StaticReturnType(cty.DynamicPseudoType),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		v := args[0]
		ty := v.Type()
		if !ty.IsListType() && !ty.IsSetType() && !ty.IsTupleType() {
			return cty.DynamicVal, function.NewArgErrorf(0, "must be a list, set or tuple")
		}
		if !v.IsKnown() {
			return cty.DynamicVal, nil
		}
		switch v.LengthInt() {
		case 0:
			return cty.NullVal(cty.DynamicPseudoType), nil
		case 1:
			it := v.ElementIterator()
			it.Next()
			_, e := it.Element()
			return e, nil
		}
		return cty.DynamicVal, function.NewArgErrorf(0, "must have no more than one element")
	},
})

func stringPredicate(f func(s, affix string) bool) function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "str", Type: cty.String}, {Name: "affix", Type: cty.String}},
		Type:   function.StaticReturnType(cty.Bool),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			return cty.BoolVal(f(args[0].AsString(), args[1].AsString())), nil
		},
	})
}

// functionsFor returns the function table for evaluating expr: the
// implemented functions, plus an unknown-valued stand-in for every other name
// expr calls, so that one unusual function does not void a whole list.
func functionsFor(expr hcl.Expression) map[string]function.Function {
	known := functions()
	var extra []string
	if syn, ok := expr.(hclsyntax.Expression); ok {
		hclsyntax.VisitAll(syn, func(n hclsyntax.Node) hcl.Diagnostics {
			if call, ok := n.(*hclsyntax.FunctionCallExpr); ok {
				if _, ok := known[call.Name]; !ok {
					extra = append(extra, call.Name)
				}
			}
			return nil
		})
	}
	if len(extra) == 0 {
		return known
	}
	all := make(map[string]function.Function, len(known)+len(extra))
	for k, v := range known {
		all[k] = v
	}
	for _, name := range extra {
		all[name] = unknownFunc
	}
	return all
}

// dataFunctions pass their arguments' text through without deciding
// anything on it, so a placeholder given to them stands for the same
// reference in their result. Any other function that is handed a
// placeholder might branch on the placeholder's text, so its result is
// evaluated again with the reference as a plain unknown value.
var dataFunctions = map[string]bool{
	"concat": true, "merge": true, "flatten": true, "distinct": true,
	"tolist": true, "toset": true, "tomap": true, "tostring": true,
	"format": true, "formatlist": true, "join": true,
	"yamlencode": true, "jsonencode": true, "keys": true, "values": true,
}
