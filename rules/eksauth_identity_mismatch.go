package rules

import (
	"fmt"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// IdentityMismatchRule reports providers that reach the same cluster as
// different principals: typically a data.aws_eks_cluster_auth token
// signed by an AWS provider that assumes role R next to an exec get-token
// without --role-arn, which runs as the ambient identity (terraform-aws-eks
// 2481, 1264). Each principal needs its own grant; one of them usually has
// none.
type IdentityMismatchRule struct{ meta }

// NewIdentityMismatchRule returns the rule.
func NewIdentityMismatchRule() *IdentityMismatchRule {
	return &IdentityMismatchRule{meta{name: "eksauth_identity_mismatch", severity: tflint.WARNING}}
}

// identityKey says who a path authenticates as, for comparison: the ARN
// text, "ambient" for the run's own credentials, "" when unknown.
func identityKey(p *model.Path) string {
	switch {
	case p.Identity.Ambient:
		return "ambient"
	case p.Identity.ARN.Kind == resolve.Known:
		return p.Identity.ARN.Text
	}
	return ""
}

// differ reports whether two paths certainly authenticate as different
// principals: an assumed role against the run's own credentials (assuming
// a role means not being it), or two known roles that cannot be the same.
func differ(a, b *model.Path) bool {
	ka, kb := identityKey(a), identityKey(b)
	switch {
	case ka == "" || kb == "" || ka == kb:
		return false
	case ka == "ambient" || kb == "ambient":
		return true
	}
	pa, err := arn.Parse(ka)
	if err != nil {
		return false
	}
	return arn.MatchAccessEntry(pa, kb) == arn.No
}

func describe(p *model.Path) string {
	if p.Identity.Ambient {
		return "the run's own credentials (" + p.Identity.How + ")"
	}
	return p.Identity.ARN.Display() + " (" + p.Identity.How + ")"
}

// Check compares, in the local run, every pair of providers that reach one
// cluster, and reports each provider at most once.
func (r *IdentityMismatchRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	// Providers of one form (two aliases, each with its own --role-arn)
	// differ on purpose; the mistake is a token and an exec that were
	// meant to be the same principal.
	var local []*model.Path
	for _, p := range m.Paths {
		if p.Context.Local && p.Cluster != nil {
			local = append(local, p)
		}
	}
	for i, p := range local {
		for _, f := range local[:i] {
			if f.Cluster != p.Cluster || f.Provider.Auth.Method == p.Provider.Auth.Method || !differ(f, p) {
				continue
			}
			msg := fmt.Sprintf("%s provider authenticates to EKS cluster %s as %s, but %s provider (%s) authenticates to it as %s: two principals, each needing its own grant; give both the same identity unless that is intended",
				p.Provider.Name(), p.Cluster.Ref(), describe(p), f.Provider.Name(), at(f.Provider.DefRange), describe(f))
			if err := out.emit(msg, p.Provider.Auth.Range); err != nil {
				return err
			}
			break
		}
	}
	return nil
}
