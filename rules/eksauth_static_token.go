package rules

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// StaticTokenRule reports a Kubernetes-family provider whose token comes
// from a variable, local or literal. An EKS token expires within 15
// minutes, so a token pasted in while debugging (the story's first
// attempt) fails with Unauthorized on the next run.
type StaticTokenRule struct{ meta }

// NewStaticTokenRule returns the rule.
func NewStaticTokenRule() *StaticTokenRule {
	return &StaticTokenRule{meta{name: "eksauth_static_token", severity: tflint.WARNING}}
}

// Check reports each provider with a static token.
func (r *StaticTokenRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, p := range m.Providers {
		if p.Auth.Method != model.MethodStaticToken {
			continue
		}
		from := "a literal"
		if t, diags := hcl.AbsTraversalForExpr(p.Auth.Token); !diags.HasErrors() {
			from = resolve.TraversalString(t)
		} else if len(p.Auth.Token.Variables()) > 0 {
			from = "an expression of variables and locals"
		}
		msg := fmt.Sprintf("%s provider authenticates with a static token from %s: EKS tokens expire within 15 minutes, so runs fail with Unauthorized; use data \"aws_eks_cluster_auth\" or exec with aws eks get-token", p.Name(), from)
		if err := out.emit(msg, p.Auth.Range); err != nil {
			return err
		}
	}
	return nil
}
