package rules

import (
	"fmt"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// AccessEntryReservedGroupRule reports access entries the EKS API rejects:
// Kubernetes groups starting with "system:" (terraform-aws-eks 2915) and
// user names with a reserved prefix. The apply fails, and the principal
// never gets access.
type AccessEntryReservedGroupRule struct{ meta }

// NewAccessEntryReservedGroupRule returns the rule.
func NewAccessEntryReservedGroupRule() *AccessEntryReservedGroupRule {
	return &AccessEntryReservedGroupRule{meta{name: "eksauth_access_entry_reserved_group", severity: tflint.ERROR}}
}

var reservedUserPrefixes = []string{"system:", "eks:", "aws:", "amazon:", "iam:"}

// Check reports each rejected group or user name.
func (r *AccessEntryReservedGroupRule) Check(runner tflint.Runner) error {
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
			if g.Kind != model.AccessEntry {
				continue
			}
			for i, grp := range g.Groups {
				if strings.HasPrefix(grp, "system:") && !c.Covers(g, "kubernetes_groups", grp, func(t *model.Template) bool { return t.Starts("system:") }) {
					msg := fmt.Sprintf("%s for %s gives %s the Kubernetes group %s: EKS rejects access entry groups that start with \"system:\"; associate an access policy (e.g. AmazonEKSClusterAdminPolicy) instead", g.Source, c.Describe(), g.Principal.Display(), msgtext.Quote(grp))
					if err := out.about(g, msg, g.GroupRange(i)); err != nil {
						return err
					}
				}
			}
			if g.UserName.Kind != resolve.Known {
				continue
			}
			for _, p := range reservedUserPrefixes {
				if strings.HasPrefix(g.UserName.Text, p) && !c.Covers(g, "user_name", g.UserName.Text, func(t *model.Template) bool { return t.Starts(p) }) {
					msg := fmt.Sprintf("%s for %s gives %s the user_name %s: EKS rejects user names that start with %q", g.Source, c.Describe(), g.Principal.Display(), msgtext.Quote(g.UserName.Text), p)
					if err := out.about(g, msg, g.UserNameRange()); err != nil {
						return err
					}
				}
			}
		}
		if err := r.checkTemplates(out, c); err != nil {
			return err
		}
	}
	return out.flush()
}

// checkTemplates reports rejected values written in grant templates, once
// at the literal, for every grant the template makes or will make.
func (r *AccessEntryReservedGroupRule) checkTemplates(out *emitter, c *model.Cluster) error {
	for _, t := range c.Templates {
		if t.Kind != model.AccessEntry || c.Shadowed(t) {
			continue
		}
		who, every := templateWho(t)
		var msg string
		switch {
		case t.Key == "kubernetes_groups" && t.Starts("system:"):
			msg = fmt.Sprintf("%s for %s gives %s the Kubernetes group %s: EKS rejects access entry groups that start with \"system:\"%s; associate an access policy (e.g. AmazonEKSClusterAdminPolicy) instead", t.Source, c.Describe(), who, msgtext.Quote(t.Text), every)
		case t.Key == "user_name":
			for _, p := range reservedUserPrefixes {
				if t.Starts(p) {
					msg = fmt.Sprintf("%s for %s gives %s the user_name %s: EKS rejects user names that start with %q%s", t.Source, c.Describe(), who, msgtext.Quote(t.Text), p, every)
					break
				}
			}
		}
		if msg == "" {
			continue
		}
		if err := out.about(t, msg, t.Range); err != nil {
			return err
		}
	}
	return nil
}

// templateWho names whom a template value is given to, and what that
// means: a template is wrong for every element, whether it has any today.
func templateWho(t *model.Template) (who, every string) {
	if t.Over == "" {
		return t.Principal.Display(), ""
	}
	unit := "element"
	if strings.HasPrefix(t.Over, "every instance") {
		unit = "instance"
	}
	return t.Over, ", so the template is wrong for every " + unit + ", whether or not it has any today"
}
