package resolve

import (
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
)

// Origins tells where a root module variable's value was set, for
// messages: "terraform.tfvars", "prod.auto.tfvars", "TF_VAR_role_arn",
// "default", "--var or --var-file". tflint hands plugins values, not their
// sources, so the sources Terraform reads are read again and compared with
// the value tflint gave, from the highest precedence down.
type Origins struct {
	// Dir is the root module's directory.
	Dir string
	// Defaults are the variables' default expressions.
	Defaults map[string]hcl.Expression
	// Getenv reads the environment (os.Getenv when nil).
	Getenv func(string) string
	// Called is set for a module called by another: its variables are the
	// caller's arguments (or their defaults), never tfvars or TF_VAR_.
	Called bool

	files []valuesFile
	read  bool
}

type valuesFile struct {
	name   string
	attrs  map[string]cty.Value
	ranges map[string]hcl.Range
}

// Of returns where var.name = v came from, or "" when it cannot tell.
func (o *Origins) Of(name string, v cty.Value) string {
	if o == nil || !v.IsWhollyKnown() || IsSensitive(v) {
		return ""
	}
	v, _ = v.UnmarkDeep()
	if o.Called {
		if d, ok := o.Defaults[name]; ok {
			if dv, diags := d.Value(nil); !diags.HasErrors() && sameValue(dv, v) {
				return "default"
			}
		}
		return "the module call's argument"
	}
	o.load()
	for _, f := range o.files {
		if fv, ok := f.attrs[name]; ok {
			return o.pick(f.name, fv, v)
		}
	}
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if env := getenv("TF_VAR_" + name); env != "" {
		return o.pick("TF_VAR_"+name, cty.StringVal(env), v)
	}
	if d, ok := o.Defaults[name]; ok {
		if dv, diags := d.Value(nil); !diags.HasErrors() {
			return o.pick("default", dv, v)
		}
	}
	return "--var or --var-file"
}

// pick names the source when its value is the one tflint used; otherwise a
// source above it, which only the command line can be, set the value.
func (o *Origins) pick(source string, have, want cty.Value) string {
	if sameValue(have, want) {
		return source
	}
	return "--var or --var-file"
}

func sameValue(a, b cty.Value) bool {
	if a.Type() == cty.String && b.Type() == cty.String {
		return a.AsString() == b.AsString()
	}
	ja, err1 := ctyjson.Marshal(a, cty.DynamicPseudoType)
	jb, err2 := ctyjson.Marshal(b, cty.DynamicPseudoType)
	if err1 != nil || err2 != nil {
		return false
	}
	// Types differ between a tfvars tuple and a typed list: compare values.
	return strings.Contains(string(ja), "value") && valuePart(ja) == valuePart(jb)
}

func valuePart(j []byte) string {
	s := string(j)
	if i := strings.Index(s, `"value":`); i >= 0 {
		return s[i:]
	}
	return s
}

// load reads the values files tflint reads, in precedence order, highest
// first.
func (o *Origins) load() {
	if o.read {
		return
	}
	o.read = true
	m, err := modfiles.Dir(o.Dir, modfiles.Options{Only: modfiles.Values})
	if err != nil {
		return
	}
	vals := m.Values()
	for i := len(vals) - 1; i >= 0; i-- {
		o.files = append(o.files, valuesFile{name: vals[i].Name, attrs: vals[i].Values, ranges: vals[i].Ranges})
	}
}

// Misfit says where the value of var.name that does not convert to its
// declared type ty was set: "terraform.tfvars:3", "TF_VAR_role_arn", for a
// value tflint refused to evaluate. The sources are looked at from the
// highest precedence down; the first that sets the variable is the one
// Terraform uses, and when its value fits ty, only the command line can
// have set the one tflint refused. ty is cty.DynamicPseudoType when the
// declared type is not known; then the first source is named.
func (o *Origins) Misfit(name string, ty cty.Type) string {
	if o == nil {
		return ""
	}
	if o.Called {
		return "the module call"
	}
	fits := func(v cty.Value) bool {
		if ty == cty.DynamicPseudoType {
			// Not known to fit: name the source Terraform uses.
			return false
		}
		_, err := convert.Convert(v, ty)
		return err == nil
	}
	o.load()
	for _, f := range o.files {
		if fv, ok := f.attrs[name]; ok {
			if fits(fv) {
				return "--var or --var-file"
			}
			return fmt.Sprintf("%s:%d", f.name, f.ranges[name].Start.Line)
		}
	}
	getenv := o.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if env := getenv("TF_VAR_" + name); env != "" {
		// Terraform takes TF_VAR_ of a string variable as it is, and
		// parses any other as an expression.
		v := cty.StringVal(env)
		if !ty.Equals(cty.String) {
			expr, diags := hclsyntax.ParseExpression([]byte(env), "TF_VAR_"+name, hcl.InitialPos)
			if diags.HasErrors() {
				return "TF_VAR_" + name
			}
			if v, diags = expr.Value(nil); diags.HasErrors() {
				return "TF_VAR_" + name
			}
		}
		if fits(v) {
			return "--var or --var-file"
		}
		return "TF_VAR_" + name
	}
	return "--var or --var-file"
}
