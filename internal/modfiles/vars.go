package modfiles

import (
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"
)

// Value is a variable's value and where it was set: "default",
// "TF_VAR_role_arn", "terraform.tfvars", "prod.auto.tfvars". Messages name
// the origin, never the value.
type Value struct {
	Val    cty.Value
	Origin string
}

// Vars are a root module's variable values as a run without command-line
// variables would have them. It implements resolve.Vars, so a module read
// here is evaluated the way tflint evaluates the linted one.
type Vars map[string]Value

// Var returns the value of var.name, unknown when nothing sets it.
func (v Vars) Var(name string, _ hcl.Traversal) cty.Value {
	if x, ok := v[name]; ok {
		return x.Val
	}
	return cty.DynamicVal
}

// Values reads the values file by file, lowest precedence first, each
// with the base name of its file. An attribute that is not a constant is
// left out: values files hold no references.
func (m *Module) Values() []FileValues {
	var out []FileValues
	for i, f := range m.ValueFiles {
		fv := FileValues{Name: m.valueNames[i], Values: map[string]cty.Value{}, Ranges: map[string]hcl.Range{}}
		attrs, diags := f.Body.JustAttributes()
		if diags.HasErrors() {
			continue
		}
		for name, a := range attrs {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
				fv.Values[name] = v
				fv.Ranges[name] = a.Range
			}
		}
		out = append(out, fv)
	}
	return out
}

// FileValues are the values one values file sets.
type FileValues struct {
	// Name is the file's base name, as Terraform users call it.
	Name   string
	Values map[string]cty.Value
	// Ranges are where each value is set, for messages about a value
	// Terraform would reject.
	Ranges map[string]hcl.Range
}

// Declared reads the module's variable blocks: each constant default, and
// which variables are declared sensitive. Terraform marks a sensitive
// variable's value inside the module whoever sets it (a default, a
// values file, a caller's argument), so every reader of a module's
// variables takes both from here.
func (m *Module) Declared() (defaults Vars, sensitive map[string]bool) {
	defaults, sensitive = Vars{}, map[string]bool{}
	schema := &hclext.BodySchema{Blocks: []hclext.BlockSchema{{Type: "variable", LabelNames: []string{"name"},
		Body: &hclext.BodySchema{Attributes: []hclext.AttributeSchema{{Name: "default"}, {Name: "sensitive"}}}}}}
	for _, f := range m.Files {
		c, _ := hclext.PartialContent(f.Body, schema)
		if c == nil {
			continue
		}
		for _, b := range c.Blocks {
			name := b.Labels[0]
			if a, ok := b.Body.Attributes["default"]; ok {
				if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
					defaults[name] = Value{Val: v, Origin: "default"}
				}
			}
			if a, ok := b.Body.Attributes["sensitive"]; ok {
				if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() && v.True() {
					sensitive[name] = true
				}
			}
		}
	}
	return defaults, sensitive
}

// Sensitive marks the values of the variables in sensitive.
func (v Vars) Sensitive(sensitive map[string]bool) {
	for name := range sensitive {
		if x, ok := v[name]; ok {
			x.Val = x.Val.Mark(marks.Sensitive)
			v[name] = x
		}
	}
}

// Vars evaluates the root module's variables the way Terraform does
// without -var and -var-file: the default, then TF_VAR_name, then
// terraform.tfvars, then the *.auto.tfvars files in lexical order, later
// ones winning. Variables declared sensitive stay marked sensitive, so
// their values never reach a message. getenv nil means os.Getenv.
func (m *Module) Vars(getenv func(string) string) Vars {
	if getenv == nil {
		getenv = os.Getenv
	}
	out, sensitive := m.Declared()
	declared := map[string]bool{}
	schema := &hclext.BodySchema{Blocks: []hclext.BlockSchema{{Type: "variable", LabelNames: []string{"name"}}}}
	for _, f := range m.Files {
		c, _ := hclext.PartialContent(f.Body, schema)
		if c == nil {
			continue
		}
		for _, b := range c.Blocks {
			declared[b.Labels[0]] = true
		}
	}
	for name := range declared {
		if env := getenv("TF_VAR_" + name); env != "" {
			out[name] = Value{Val: cty.StringVal(env), Origin: "TF_VAR_" + name}
		}
	}
	for _, fv := range m.Values() {
		for name, v := range fv.Values {
			out[name] = Value{Val: v, Origin: fv.Name}
		}
	}
	out.Sensitive(sensitive)
	return out
}
