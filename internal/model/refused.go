package model

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/typeexpr"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// refusal is a variable tflint would not evaluate, and where the
// configuration first used it.
type refusal struct {
	name string
	at   hcl.Range
	err  error
}

// refusals collects what resolve.RunnerVars reports, once per variable.
type refusals struct {
	list []refusal
	seen map[string]bool
}

func (r *refusals) add(name string, at hcl.Range, err error) {
	if r.seen[name] {
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[name] = true
	r.list = append(r.list, refusal{name: name, at: at, err: err})
}

// wrongType matches tflint's "Incorrect variable type" detail. Only type
// names are taken from it: cty's conversion errors may quote the value
// (`cannot convert "abc" to number`), which may be a secret.
var wrongType = regexp.MustCompile(`is not appropriate: ([a-z][a-z ()]* required(?:, but have [a-z][a-z ()]*)?)\.?$`)

// diagSummary is tflint's diagnostic summary in an error it returned, when it
// is plain words: "Reference to undeclared input variable".
var diagSummary = regexp.MustCompile(`^[^:]*:[0-9,-]+: ([A-Za-z ]+);`)

// noteRefused says, for each variable tflint refused, which one, where its
// value was set and that the checks through it were skipped: tflint
// reports no error of its own for a tfvars value of the wrong type, and
// the variable would otherwise be silently unknown.
func (m *Model) noteRefused(rs []refusal, content *hclext.BodyContent, origins *resolve.Origins) {
	decls := map[string]*hclext.Block{}
	for _, b := range content.Blocks {
		if b.Type == "variable" && len(b.Labels) == 1 {
			decls[b.Labels[0]] = b
		}
	}
	for _, r := range rs {
		var msg string
		if mm := wrongType.FindStringSubmatch(r.err.Error()); mm != nil {
			ty := cty.DynamicPseudoType
			declared := fmt.Sprintf("variable %q", r.name)
			if d := decls[r.name]; d != nil {
				declared += " (" + At(d.DefRange) + ")"
				if e := blockAttr(d, "type"); e != nil {
					if t, _, diags := typeexpr.TypeConstraintWithDefaults(e); !diags.HasErrors() {
						ty = t
					}
				}
			}
			var value string
			switch w := origins.Misfit(r.name, ty); w {
			case "":
				value = "its value"
			case "--var or --var-file":
				value = "a --var or --var-file option sets it to a value that"
			default:
				value = w + " sets it to a value that"
			}
			msg = fmt.Sprintf("var.%s cannot be used: %s does not fit %s: %s; Terraform rejects it, and eksauth took it as unknown, so the checks that depend on it were skipped",
				r.name, value, declared, mm[1])
		} else {
			why := "tflint could not evaluate it"
			if mm := diagSummary.FindStringSubmatch(r.err.Error()); mm != nil {
				why += " (" + strings.TrimSpace(mm[1]) + ")"
			}
			msg = fmt.Sprintf("var.%s cannot be used: %s; eksauth took it as unknown, so the checks that depend on it were skipped", r.name, why)
		}
		m.Unavailable = append(m.Unavailable, Note{Range: r.at, Message: msg})
	}
}
