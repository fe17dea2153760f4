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
	out := newGrantEmitter(runner, r, m)
	for _, c := range m.GrantClusters() {
		for _, g := range c.Grants {
			if !c.Own(g) {
				continue
			}
			msg := pathProblem(c, g)
			if msg == "" || c.Covers(g, principalKey(g.Kind), g.Principal.Text, func(t *model.Template) bool { return templatePathProblem(c, t) != "" }) {
				continue
			}
			fixed, _ := arn.PathlessRoleARN(g.Principal.Text)
			if lit := literal(g.PrincipalExpr); lit && fixed != "" && !symbol.Contains(fixed) {
				e := g.PrincipalExpr
				err = out.aboutWithFix(g, msg, e.Range(), func(f tflint.Fixer) error {
					if !strings.HasSuffix(e.Range().Filename, ".tf") {
						return tflint.ErrFixNotSupported
					}
					return f.ReplaceText(e.Range(), fmt.Sprintf("%q", fixed))
				})
			} else if g.Kind == model.AccessEntry {
				err = out.about(g, msg, g.PrincipalRange())
			} else {
				err = out.about(g, msg, g.Range)
			}
			if err != nil {
				return err
			}
		}
		for _, t := range c.Templates {
			if err := r.checkTemplate(out, c, t); err != nil {
				return err
			}
		}
	}
	return out.flush()
}

// principalKey is the key a grant's principal is written under.
func principalKey(k model.GrantKind) string {
	switch k {
	case model.MapRole:
		return "rolearn"
	case model.MapUser:
		return "userarn"
	}
	return "principal_arn"
}

// checkTemplate reports a principal written in a grant template that can
// never match, judged by its literal beginning where the rest depends on
// the iteration: "arn:aws:iam::111122223333:role/service-role/${r}" has a
// path whatever r is.
func (r *RoleARNPathRule) checkTemplate(out *emitter, c *model.Cluster, t *model.Template) error {
	if c.Shadowed(t) {
		return nil
	}
	msg := templatePathProblem(c, t)
	if msg == "" {
		return nil
	}
	text := t.Prefix
	if t.Value.Kind == resolve.Known || t.Value.Kind == resolve.Named {
		text = t.Value.Text
	}
	fixed, _ := arn.PathlessRoleARN(text)
	if t.Value.Kind == resolve.Known && literal(t.Expr) && fixed != "" {
		e := t.Expr
		return out.aboutWithFix(t, msg, e.Range(), func(f tflint.Fixer) error {
			if !strings.HasSuffix(e.Range().Filename, ".tf") {
				return tflint.ErrFixNotSupported
			}
			return f.ReplaceText(e.Range(), fmt.Sprintf("%q", fixed))
		})
	}
	return out.about(t, msg, t.Range)
}

// templatePathProblem words what is wrong with a template's principal; ""
// when nothing is.
func templatePathProblem(c *model.Cluster, t *model.Template) string {
	if t.Key != principalKey(t.Kind) {
		return ""
	}
	who, every := templateWho(t)
	text := t.Prefix
	if t.Value.Kind == resolve.Known || t.Value.Kind == resolve.Named {
		text = t.Value.Text
	}
	session := strings.Contains(text, ":assumed-role/")
	path := ""
	if _, rest, ok := strings.Cut(text, ":role/"); ok && !session {
		if i := strings.LastIndexByte(rest, '/'); i >= 0 {
			path = "/" + rest[:i+1]
		}
	}
	// A merge or concat argument is one entry: it says what it writes.
	subject := fmt.Sprintf("writes %s", t.Text)
	if t.Over != "" {
		subject = fmt.Sprintf("maps %s as %s", who, t.Text)
		if t.Kind == model.AccessEntry {
			subject = fmt.Sprintf("gives %s the principal %s", who, t.Text)
		}
	}
	var msg string
	switch {
	case session && t.Kind == model.AccessEntry:
		msg = fmt.Sprintf("%s for %s %s, an STS session ARN: EKS rejects session ARNs in access entries%s; use the role ARN", t.Source, c.Describe(), subject, every)
	case session:
		msg = fmt.Sprintf("%s for %s %s, an STS session ARN, which aws-auth never matches%s; use the role ARN", t.Source, c.Describe(), subject, every)
	case path != "" && t.Kind != model.AccessEntry:
		msg = fmt.Sprintf("%s for %s %s with the IAM path %s: aws-auth compares the path-less ARN STS presents, so it never matches%s; write it without the path", t.Source, c.Describe(), subject, path, every)
	}
	return msg
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
		return fmt.Sprintf("%s for %s names the STS session %s: EKS rejects session ARNs in access entries; use the role ARN %s", g.Source, c.Describe(), g.Principal.Display(), fixed)
	case p.Kind == arn.AssumedRole:
		return fmt.Sprintf("%s for %s names the STS session %s, which aws-auth never matches: use the role ARN %s", g.Source, c.Describe(), g.Principal.Display(), fixed)
	case g.Kind != model.AccessEntry && p.Kind == arn.Role && p.HasPath():
		return fmt.Sprintf("%s for %s writes %s with the IAM path %s: aws-auth compares the path-less ARN STS presents, so it never matches; write %s", g.Source, c.Describe(), g.Principal.Display(), msgtext.Value(p.Path), fixed)
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
