package rules

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// RoleARNPathRule reports grants whose ARN can never match: aws-auth
// compares the path-less role ARN STS presents, so a rolearn or userarn
// written with an IAM path (SSO roles, service-role/...) never matches, and
// an STS assumed-role ARN matches nothing anywhere. Access entries accept
// paths, so those are not reported. Literal strings are fixed with --fix.
type RoleARNPathRule struct{ meta }

// NewRoleARNPathRule returns the rule.
func NewRoleARNPathRule() *RoleARNPathRule {
	return &RoleARNPathRule{meta{name: "eksauth_role_arn_path", severity: tflint.ERROR}}
}

// Check reports each grant whose principal can never match.
func (r *RoleARNPathRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, c := range m.Clusters {
		for _, g := range c.Grants {
			msg := pathProblem(c, g)
			if msg == "" {
				continue
			}
			fixed, _ := arn.PathlessRoleARN(g.Principal.Text)
			if lit := literal(g.PrincipalExpr); lit && fixed != "" && !symbol.Contains(fixed) {
				e := g.PrincipalExpr
				err = out.emitWithFix(msg, e.Range(), func(f tflint.Fixer) error {
					if !strings.HasSuffix(e.Range().Filename, ".tf") {
						return tflint.ErrFixNotSupported
					}
					return f.ReplaceText(e.Range(), fmt.Sprintf("%q", fixed))
				})
			} else {
				err = out.emit(msg, g.Range)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func pathProblem(c *model.Cluster, g *model.Grant) string {
	if g.Principal.Kind != resolve.Known && g.Principal.Kind != resolve.Named {
		return ""
	}
	p, err := arn.Parse(g.Principal.Text)
	if err != nil {
		return ""
	}
	fixed, _ := arn.PathlessRoleARN(g.Principal.Text)
	fixed = msgtext.Value(symbol.Display(fixed))
	switch {
	case p.Kind == arn.AssumedRole && g.Kind == model.AccessEntry:
		return fmt.Sprintf("%s for EKS cluster %s names the STS session %s: EKS rejects session ARNs in access entries; use the role ARN %s", g.Source, c.Addr, g.Principal.Display(), fixed)
	case p.Kind == arn.AssumedRole:
		return fmt.Sprintf("%s for EKS cluster %s names the STS session %s, which aws-auth never matches: use the role ARN %s", g.Source, c.Addr, g.Principal.Display(), fixed)
	case g.Kind != model.AccessEntry && p.Kind == arn.Role && p.HasPath():
		return fmt.Sprintf("%s for EKS cluster %s writes %s with the IAM path %s: aws-auth compares the path-less ARN STS presents, so it never matches; write %s", g.Source, c.Addr, g.Principal.Display(), msgtext.Value(p.Path), fixed)
	}
	return ""
}

// literal reports whether e is a quoted string with no interpolation: the
// only form --fix rewrites.
func literal(e hcl.Expression) bool {
	if e == nil || len(e.Variables()) > 0 {
		return false
	}
	v, diags := e.Value(nil)
	return !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String
}
