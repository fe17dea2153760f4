package resolve

import (
	"errors"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/customdecode"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	yaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
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

// call wraps f so that each call draws on the budget: a step for each
// value its arguments hold, then, before the result is built, a check that
// what it may hold is left, then what it does hold. A call the budget
// cannot afford is unknown; the rest of the evaluation goes on.
func (b *budget) call(name string, f function.Function) function.Function {
	grows := growth[name]
	params, varParam := loosened(f.Params()), f.VarParam()
	if varParam != nil {
		varParam = &loosened([]function.Parameter{*varParam})[0]
	}
	return function.New(&function.Spec{
		Description: f.Description(),
		Params:      params,
		VarParam:    varParam,
		Type: func(args []cty.Value) (cty.Type, error) {
			if b.out {
				return cty.DynamicPseudoType, nil
			}
			args, err := b.conform(name, f, args)
			if err != nil {
				return cty.DynamicPseudoType, err
			}
			return f.ReturnTypeForValues(args)
		},
		Impl: func(args []cty.Value, ret cty.Type) (cty.Value, error) {
			args, err := b.conform(name, f, args)
			if err != nil {
				return cty.UnknownVal(ret), err
			}
			// Reading the arguments is work done whatever the result: a
			// budget that cannot pay for it is spent.
			n, size, ok := measureAll(args, b.steps, b.bytes)
			if !ok || !b.spend(n, 0) {
				b.out = true
				return cty.UnknownVal(ret), nil
			}
			// By default a result is about as large as the arguments.
			steps, bytes := n, size
			if grows != nil {
				steps, bytes = grows(args, n, size)
			}
			if !b.afford(steps, bytes) {
				return cty.UnknownVal(ret), nil
			}
			v, err := f.Call(args)
			if err != nil {
				return cty.UnknownVal(ret), err
			}
			if !b.charge(v) {
				return cty.UnknownVal(ret), nil
			}
			return v, nil
		},
	})
}

// loosened returns params that take any type, so that HCL hands
// arguments over as they are and conform converts them: cty converts a
// tuple to a list (or an object to a map) in time quadratic in its length,
// even when every element has the same type, and a for expression over
// 65,536 names makes such a tuple.
func loosened(ps []function.Parameter) []function.Parameter {
	out := make([]function.Parameter, len(ps))
	for i, p := range ps {
		out[i] = p
		if customdecode.CustomExpressionDecoderForType(p.Type) == nil {
			out[i].Type = cty.DynamicPseudoType
		}
	}
	return out
}

// targets are the types the conversion functions convert to; they convert
// inside their implementation, so conform does it for them first.
var targets = map[string]cty.Type{
	"tolist": cty.List(cty.DynamicPseudoType),
	"toset":  cty.Set(cty.DynamicPseudoType),
	"tomap":  cty.Map(cty.DynamicPseudoType),
}

// conform converts args to f's parameter types: in linear time where every
// element has one type, else at the budget's expense.
func (b *budget) conform(name string, f function.Function, args []cty.Value) ([]cty.Value, error) {
	params, varParam := f.Params(), f.VarParam()
	target, converts := targets[name]
	out := make([]cty.Value, len(args))
	for i, a := range args {
		p := varParam
		if i < len(params) {
			p = &params[i]
		}
		ty := cty.DynamicPseudoType
		if p != nil {
			ty = p.Type
		}
		if converts {
			ty = target
		}
		if ty == cty.DynamicPseudoType || customdecode.CustomExpressionDecoderForType(ty) != nil {
			out[i] = a
			continue
		}
		if v, ok := sameTypeCollection(a, ty); ok {
			out[i] = v
			continue
		}
		if n := unifyCost(a, b.steps); n > 0 && !b.spend(n, 0) {
			return nil, errBudget
		}
		v, err := convert.Convert(a, ty)
		if err != nil {
			return nil, function.NewArgError(i, err)
		}
		out[i] = v
	}
	return out, nil
}

var errBudget = errors.New("evaluation budget spent")

// sameTypeCollection converts a tuple whose elements share one type to a
// list or set, or an object whose attributes do to a map, without
// cty's unification.
func sameTypeCollection(v cty.Value, ty cty.Type) (cty.Value, bool) {
	inner, marks := v.Unmark()
	if !inner.IsKnown() || inner.IsNull() {
		return v, false
	}
	from := inner.Type()
	switch {
	case from.IsTupleType() && (ty.IsListType() || ty.IsSetType()):
	case from.IsObjectType() && ty.IsMapType():
	default:
		return v, false
	}
	if inner.LengthInt() == 0 {
		return v, false
	}
	want := ty.ElementType()
	var first cty.Type
	var elems []cty.Value
	attrs := map[string]cty.Value{}
	for it := inner.ElementIterator(); it.Next(); {
		k, e := it.Element()
		t := e.Type()
		if first == cty.NilType {
			first = t
		}
		if t == cty.DynamicPseudoType || !t.Equals(first) {
			return v, false
		}
		if from.IsObjectType() {
			attrs[k.AsString()] = e
		} else {
			elems = append(elems, e)
		}
	}
	if want != cty.DynamicPseudoType && !want.Equals(first) {
		return v, false
	}
	switch {
	case ty.IsListType():
		return cty.ListVal(elems).WithMarks(marks), true
	case ty.IsSetType():
		return cty.SetVal(elems).WithMarks(marks), true
	}
	return cty.MapVal(attrs).WithMarks(marks), true
}

// unifyCost is what converting v may cost beyond its size: each tuple or
// object in it is unified in time quadratic in its length. Past limit it
// stops counting.
func unifyCost(v cty.Value, limit int64) int64 {
	var cost int64
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		if cost++; cost > limit {
			return
		}
		v, _ = v.Unmark()
		if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
			return
		}
		if ty := v.Type(); ty.IsTupleType() || ty.IsObjectType() {
			n := int64(v.LengthInt())
			cost += n * n / 16
		}
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			walk(e)
		}
	}
	walk(v)
	return cost
}

// growth estimates, for functions whose result can be far larger than
// their arguments or whose work grows faster than them, the steps and
// bytes a call may take, from its arguments (n values holding size
// bytes). Estimates err on the large side.
var growth = map[string]func(args []cty.Value, n, size int64) (steps, bytes int64){
	// The separator is repeated between every two elements.
	"join": func(args []cty.Value, n, size int64) (int64, int64) {
		return n, size + int64(len(str(args, 0)))*n
	},
	// Each verb may print any argument, padded to its width.
	"format": func(args []cty.Value, n, size int64) (int64, int64) {
		f := str(args, 0)
		return n, int64(len(f)) + verbs(f)*(size+widest(f))
	},
	// The same, once per element of the longest list.
	"formatlist": func(args []cty.Value, n, size int64) (int64, int64) {
		f := str(args, 0)
		rows := int64(1)
		for _, a := range args[1:] {
			if a, _ := a.Unmark(); a.IsKnown() && !a.IsNull() && a.CanIterateElements() {
				rows = max(rows, int64(a.LengthInt()))
			}
		}
		return n + rows, rows * (int64(len(f)) + verbs(f)*(longest(args)+widest(f)) + elementBytes)
	},
	// Every line gains the indent.
	"indent": func(args []cty.Value, n, size int64) (int64, int64) {
		text := str(args, 1)
		width := int64(0)
		if a, _ := args[0].Unmark(); a.IsKnown() && !a.IsNull() && a.Type() == cty.Number {
			width, _ = a.AsBigFloat().Int64()
		}
		return n, size + max(width, 0)*int64(strings.Count(text, "\n")+1)
	},
	"regex":    regexGrowth(false),
	"regexall": regexGrowth(true),
	// An empty separator splits between every two bytes.
	"split": func(args []cty.Value, n, size int64) (int64, int64) {
		sep, text := str(args, 0), str(args, 1)
		parts := int64(len(text)) + 1
		if sep != "" {
			parts = int64(strings.Count(text, sep)) + 1
		}
		return n + parts, size + parts*elementBytes
	},
	// A JSON text of n bytes holds at most about n/2 values.
	"jsondecode": func(args []cty.Value, n, size int64) (int64, int64) {
		values := int64(len(str(args, 0)))/2 + 1
		return n + values, size + values*elementBytes
	},
	// Escaping can make each byte six (\u0000).
	"jsonencode": func(args []cty.Value, n, size int64) (int64, int64) { return n, 6 * size },
	"yamlencode": func(args []cty.Value, n, size int64) (int64, int64) { return n, 6 * size },
}

// regexGrowth: a match yields each capture group, and a group can span the
// whole text; an empty match can occur at every byte. Matching itself
// takes time in the text's length times the pattern's.
func regexGrowth(all bool) func([]cty.Value, int64, int64) (int64, int64) {
	return func(args []cty.Value, n, size int64) (int64, int64) {
		pattern, text := str(args, 0), str(args, 1)
		groups := int64(1)
		if re, err := regexp.Compile(pattern); err == nil {
			groups += int64(re.NumSubexp())
		}
		matches := int64(1)
		if all {
			matches = int64(len(text)) + 1
		}
		work := int64(len(text)) * (1 + int64(len(pattern))/64)
		return n + max(matches*groups, work), size + groups*(int64(len(text))+matches*elementBytes)
	}
}

// str is argument i as text, or "" when it is not known text.
func str(args []cty.Value, i int) string {
	if i >= len(args) {
		return ""
	}
	a, _ := args[i].UnmarkDeep()
	if !a.IsKnown() || a.IsNull() || a.Type() != cty.String {
		return ""
	}
	return a.AsString()
}

// verbs counts the places a format string prints an argument.
func verbs(f string) int64 { return int64(strings.Count(f, "%")) }

// widest is the largest width or precision in a format string (at most
// maxCost: wideFormat refuses larger ones).
func widest(f string) int64 {
	w := int64(0)
	for _, m := range formatWidth.FindAllStringSubmatch(f, -1) {
		for _, d := range m[1:] {
			if v, err := strconv.Atoi(d); err == nil && len(d) <= 6 {
				w = max(w, int64(v))
			}
		}
	}
	return w
}

// longest is the length of the longest text in the arguments, which
// measureAll has already found small enough to walk.
func longest(args []cty.Value) int64 {
	var l int64
	var walk func(v cty.Value)
	walk = func(v cty.Value) {
		v, _ = v.Unmark()
		switch {
		case !v.IsKnown() || v.IsNull():
		case v.Type() == cty.String:
			l = max(l, int64(len(v.AsString())))
		case v.CanIterateElements():
			for it := v.ElementIterator(); it.Next(); {
				_, e := it.Element()
				walk(e)
			}
		}
	}
	for _, a := range args {
		walk(a)
	}
	return l
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
// implemented functions, each drawing on the resolver's budget, plus an
// unknown-valued stand-in for every other name expr calls, so that one
// unusual function does not void a whole list.
func (r *Resolver) functionsFor(expr hcl.Expression) map[string]function.Function {
	if r.funcs == nil {
		r.funcs = make(map[string]function.Function, len(functions()))
		for name, f := range functions() {
			r.funcs[name] = r.budget.call(name, f)
		}
	}
	known := r.funcs
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
