package resolve

import (
	"bytes"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
	"github.com/zclconf/go-cty/cty"
)

// Syntax returns e in native syntax, whatever syntax its file is written
// in. A .tf.json file's expressions are opaque: they answer Value and
// Variables, but code that reads structure (a for expression, a function
// call, a traversal in a template, which object keys are literal) sees
// nothing in them. Terraform reads a JSON string where an expression is
// expected as a template, an array as a tuple and an object as an object
// whose keys are templates too; Syntax builds exactly those native nodes,
// with ranges on the JSON lines they come from, so that the rest of
// eksauth handles one syntax. Native expressions are returned unchanged.
func Syntax(e hcl.Expression) hcl.Expression {
	if e == nil {
		return nil
	}
	if _, ok := e.(hclsyntax.Expression); ok {
		return e
	}
	return fromJSON(e, 0)
}

// maxJSONDepth bounds how deeply JSON arrays and objects are rewritten.
// Nothing eksauth reads nests that deep; a deeper value is unknown.
const maxJSONDepth = 64

type (
	jsonList interface{ ExprList() []hcl.Expression }
	jsonMap  interface{ ExprMap() []hcl.KeyValuePair }
)

func fromJSON(e hcl.Expression, depth int) hclsyntax.Expression {
	rng := e.Range()
	if depth > maxJSONDepth {
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: rng}
	}
	// The JSON expression answers ExprList for an array and ExprMap for an
	// object (non-nil, even when empty), and nil for anything else.
	if l, ok := e.(jsonList); ok {
		if items := l.ExprList(); items != nil {
			out := &hclsyntax.TupleConsExpr{Exprs: make([]hclsyntax.Expression, len(items)), SrcRange: rng, OpenRange: e.StartRange()}
			for i, x := range items {
				out.Exprs[i] = fromJSON(x, depth+1)
			}
			return out
		}
	}
	if m, ok := e.(jsonMap); ok {
		if pairs := m.ExprMap(); pairs != nil {
			out := &hclsyntax.ObjectConsExpr{Items: make([]hclsyntax.ObjectConsItem, len(pairs)), SrcRange: rng, OpenRange: e.StartRange()}
			for i, p := range pairs {
				out.Items[i] = hclsyntax.ObjectConsItem{KeyExpr: jsonKey(p.Key, depth), ValueExpr: fromJSON(p.Value, depth+1)}
			}
			return out
		}
	}
	// Without a context, a JSON value is what it says literally: a string
	// is its text, not yet a template.
	v, diags := e.Value(nil)
	if diags.HasErrors() {
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: rng}
	}
	if v.Type() != cty.String || v.IsNull() || !v.IsKnown() {
		return &hclsyntax.LiteralValueExpr{Val: v, SrcRange: rng}
	}
	// The template starts after the opening quote. Escapes removed by the
	// JSON parser shift columns, never lines: a JSON string has no raw
	// newline.
	start := hcl.Pos{Line: rng.Start.Line, Column: rng.Start.Column + 1, Byte: rng.Start.Byte + 1}
	t, diags := hclsyntax.ParseTemplate([]byte(v.AsString()), rng.Filename, start)
	if diags.HasErrors() {
		// Terraform rejects the file; nothing here is known.
		return &hclsyntax.LiteralValueExpr{Val: cty.DynamicVal, SrcRange: rng}
	}
	return t
}

// jsonKey rewrites an object key. A key that is a plain identifier becomes
// the bare name native syntax writes (a = ...), which static readers take
// as a keyword; any other key stays a template, as Terraform reads it.
func jsonKey(k hcl.Expression, depth int) *hclsyntax.ObjectConsKeyExpr {
	if v, diags := k.Value(nil); !diags.HasErrors() && v.Type() == cty.String && v.IsKnown() && !v.IsNull() && hclsyntax.ValidIdentifier(v.AsString()) {
		name := v.AsString()
		rng := k.Range()
		return &hclsyntax.ObjectConsKeyExpr{Wrapped: &hclsyntax.ScopeTraversalExpr{
			Traversal: hcl.Traversal{hcl.TraverseRoot{Name: name, SrcRange: rng}},
			SrcRange:  rng,
		}}
	}
	return &hclsyntax.ObjectConsKeyExpr{Wrapped: fromJSON(k, depth+1)}
}

// JSONIndex finds, for a reference to var.name written in a .tf.json
// file, something tflint can evaluate to that variable's value. tflint
// parses the bytes at an expression's range in its file, and inside a JSON
// string `var.name` alone is not JSON; a whole JSON string "${var.name}"
// is, and Terraform reads it as exactly the variable's value, unconverted
// and with its marks. So the module's JSON files are searched for one such
// string, wherever it is written. Without one, the variable stays unknown
// (kept by name, like a module output). The files come from tflint in one
// round trip, the first time a JSON variable is looked up, and the answer
// for each name is kept: every context of the module run asks again.
type JSONIndex struct {
	runner tflint.Runner
	once   sync.Once
	files  map[string]*hcl.File
	names  []string

	mu    sync.Mutex
	found map[string]hcl.Expression
}

// NewJSONIndex returns the index of the module runner lints.
func NewJSONIndex(runner tflint.Runner) *JSONIndex {
	return &JSONIndex{runner: runner, found: map[string]hcl.Expression{}}
}

func (v RunnerVars) jsonVar(name string) hcl.Expression {
	x := v.JSON
	if x == nil {
		x = NewJSONIndex(v.Runner)
	}
	return x.lookup(name)
}

func (x *JSONIndex) lookup(name string) hcl.Expression {
	x.once.Do(func() {
		files, err := x.runner.GetFiles()
		if err != nil {
			return
		}
		x.files = files
		for n, f := range files {
			if strings.HasSuffix(n, ".json") && f != nil {
				x.names = append(x.names, n)
			}
		}
		sort.Strings(x.names)
	})
	x.mu.Lock()
	defer x.mu.Unlock()
	if e, ok := x.found[name]; ok {
		return e
	}
	var e hcl.Expression
	want := []byte(`"${var.` + name + `}"`)
	for _, n := range x.names {
		src := x.files[n].Bytes
		if i := bytes.Index(src, want); i >= 0 {
			if parsed, diags := hcljson.ParseExpressionWithStartPos(want, n, posAt(src, i)); !diags.HasErrors() {
				e = parsed
				break
			}
		}
	}
	x.found[name] = e
	return e
}

// posAt is the position of byte offset i in src.
func posAt(src []byte, i int) hcl.Pos {
	line := 1 + bytes.Count(src[:i], []byte("\n"))
	col := i + 1
	if nl := bytes.LastIndexByte(src[:i], '\n'); nl >= 0 {
		col = i - nl
	}
	return hcl.Pos{Line: line, Column: col, Byte: i}
}
