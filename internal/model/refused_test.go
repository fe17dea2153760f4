package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
)

// A variable tflint refused is named with where it is declared and, when
// the declared type is known, with the source Terraform takes it from; the
// text of tflint's error is used only where it holds type names, never a
// value, which may be a secret.
func TestNoteRefused(t *testing.T) {
	src := `
variable "role_arn" {
  type = string
}
variable "port" {
  type      = number
  sensitive = true
}
`
	f, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	content, diags := hclext.PartialContent(f.Body, schema)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	use := hcl.Range{Filename: "main.tf", Start: hcl.Pos{Line: 9, Column: 3}, End: hcl.Pos{Line: 9, Column: 15}}
	var rs refusals
	rs.add("role_arn", use, errors.New(`main.tf:2,1-20: Incorrect variable type; The resolved value of variable "role_arn" is not appropriate: string required, but have tuple.`))
	rs.add("role_arn", use, errors.New("the same variable again"))
	rs.add("port", use, errors.New(`main.tf:5,1-16: Incorrect variable type; The resolved value of variable "port" is not appropriate: cannot convert "hunter2" to number.`))
	rs.add("region", use, errors.New(`main.tf:9,3-15: Reference to undeclared input variable; An input variable with the name "region" has not been declared.`))
	rs.add("other", use, errors.New(`rpc error: code = Unavailable desc = "hunter2"`))

	m := &Model{}
	m.noteRefused(rs.list, content, nil)
	var got []string
	for _, n := range m.Unavailable {
		if n.Range != use {
			t.Errorf("note at %v, want the use at %v", n.Range, use)
		}
		if strings.Contains(n.Message, "hunter2") {
			t.Errorf("note quotes a value: %s", n.Message)
		}
		got = append(got, n.Message)
	}
	want := []string{
		`var.role_arn cannot be used: its value does not fit variable "role_arn" (main.tf:2): string required, but have tuple; Terraform rejects it, and eksauth took it as unknown, so the checks that depend on it were skipped`,
		`var.port cannot be used: tflint could not evaluate it (Incorrect variable type); eksauth took it as unknown, so the checks that depend on it were skipped`,
		`var.region cannot be used: tflint could not evaluate it (Reference to undeclared input variable); eksauth took it as unknown, so the checks that depend on it were skipped`,
		`var.other cannot be used: tflint could not evaluate it; eksauth took it as unknown, so the checks that depend on it were skipped`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
