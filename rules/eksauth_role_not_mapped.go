package rules

import (
	"fmt"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// RoleNotMappedRule reports an IAM principal a Kubernetes provider
// authenticates to EKS as, which the cluster does not let in: the cause of
// `Error: Unauthorized` on every Kubernetes resource after Terraform
// starts running as another role. Only the principal that created a cluster
// has access without a grant, so every other execution role needs an
// aws-auth mapping or an access entry.
type RoleNotMappedRule struct{ meta }

// NewRoleNotMappedRule returns the rule.
func NewRoleNotMappedRule() *RoleNotMappedRule {
	return &RoleNotMappedRule{meta{name: "eksauth_role_not_mapped", severity: tflint.ERROR}}
}

// Check reports, once per provider and principal, each denied path.
func (r *RoleNotMappedRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	adopting := m.Options().OnlyChangedRoles && m.Baseline() != nil
	for _, p := range m.Paths {
		v := m.Verdict(p)
		if v.Access != model.Denied {
			continue
		}
		if change, _ := m.ChangeOf(p); adopting && change == model.Unchanged {
			// Adoption mode: what was already so at the baseline is
			// accepted; only new and changed roles are reported.
			continue
		}
		if err := out.emit(notMappedMessage(m, p, v), p.Identity.Range); err != nil {
			return err
		}
	}
	return nil
}

func notMappedMessage(m *model.Model, p *model.Path, v model.Verdict) string {
	c := p.Cluster
	var b strings.Builder
	fmt.Fprintf(&b, "%s provider authenticates to EKS cluster %s", p.Provider.Name(), c.Addr)
	if v.Anyone {
		fmt.Fprintf(&b, " with the credentials of whoever runs Terraform (%s), and %s grants no access to anyone but node roles", p.Identity.How, c.Addr)
		b.WriteString(creatorNote(m, p))
		return b.String()
	}
	fmt.Fprintf(&b, " as %s (%s)", p.Identity.ARN.Display(), identitySource(m, p))
	sources := grantSources(v.Considered)
	if len(sources) == 0 {
		fmt.Fprintf(&b, ", which %s does not let in: no aws-auth mapping or access entry of it reaches the cluster", c.Addr)
	} else {
		fmt.Fprintf(&b, ", which %s", denial(sources, verbFor(v.Considered)))
	}
	b.WriteString(hints(p, c))
	b.WriteString(creatorNote(m, p))
	return b.String()
}

// identitySource says how the identity is chosen and where its value is set.
func identitySource(m *model.Model, p *model.Path) string {
	id := p.Identity
	parts := []string{id.How}
	if id.Ambient && id.From != "" {
		parts = append(parts, "declared in "+id.From)
	}
	if prov := m.Provenance(p.Context, id.ARN); prov != "" {
		parts = append(parts, "from "+prov)
	}
	if p.Context.Phase != "" {
		parts = append(parts, "in the "+p.Context.Phase+" phase")
	}
	switch change, bp := m.ChangeOf(p); change {
	case model.RoleChanged:
		if k := bp.Identity.ARN.Kind; k == resolve.Known || k == resolve.Named {
			parts = append(parts, "changed from "+bp.Identity.ARN.Display()+" at "+m.Baseline().Ref)
		} else if bp.Identity.Ambient && !id.Ambient {
			parts = append(parts, "changed from the run's own credentials at "+m.Baseline().Ref)
		}
	case model.GrantRemoved:
		parts = append(parts, "granted at "+m.Baseline().Ref+" but no longer")
	}
	if lp := localPath(m, p); lp != nil && lp.Identity.ARN.Text != id.ARN.Text {
		// The change of role is the cause users need to see.
		local := lp.Identity.ARN.Display()
		if prov := m.Provenance(lp.Context, lp.Identity.ARN); prov != "" {
			local += " from " + prov
		}
		parts = append(parts, "where the local run uses "+local)
	}
	return strings.Join(parts, ", ")
}

// localPath is the local run's path of the same provider, when p belongs
// to another context and the local identity is known.
func localPath(m *model.Model, p *model.Path) *model.Path {
	if p.Context.Local || p.Context.VarSource == "" {
		return nil
	}
	for _, lp := range m.Paths {
		if lp.Context.Local && lp.Provider == p.Provider && lp.Identity.ARN.Kind == resolve.Known {
			return lp
		}
	}
	return nil
}

// grantSources lists where the considered grants are written, without
// their item indexes: "module.eks aws_auth_roles", "aws_eks_access_entry.ci".
func grantSources(gs []*model.Grant) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range gs {
		s := g.Source
		if i := strings.IndexByte(s, '['); i > 0 {
			s = s[:i]
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// verbFor is what the grants do: aws-auth maps, access entries grant access.
func verbFor(gs []*model.Grant) string {
	for _, g := range gs {
		if g.Kind == model.AccessEntry {
			return "grant access to"
		}
	}
	return "map"
}

// denial words "X does not map", "neither X nor Y maps", "none of X, Y, Z maps".
func denial(sources []string, verb string) string {
	v, rest, _ := strings.Cut(verb, " ")
	third := v + "s"
	if rest != "" {
		third += " " + rest
	}
	switch len(sources) {
	case 1:
		return sources[0] + " does not " + verb
	case 2:
		return "neither " + sources[0] + " nor " + sources[1] + " " + third
	}
	return "none of " + msgtext.List(sources) + " " + third
}

// hints explain the near misses: a grant for the same role that does not
// count, and why.
func hints(p *model.Path, c *model.Cluster) string {
	caller, err := arn.Parse(p.Identity.ARN.Text)
	if err != nil {
		return ""
	}
	var hs []string
	for _, g := range c.Grants {
		if g.Principal.Kind != resolve.Known && g.Principal.Kind != resolve.Named {
			continue
		}
		if arn.MatchAccessEntry(caller, g.Principal.Text) != arn.Yes {
			continue
		}
		switch {
		case !g.Applied:
			hs = append(hs, fmt.Sprintf("%s lists it, but %s", g.Source, g.NotApplied))
		case g.Kind != model.AccessEntry && c.Mode == model.API:
			hs = append(hs, fmt.Sprintf("%s lists it, but authentication_mode is API, which ignores aws-auth", g.Source))
		case g.Kind == model.AccessEntry && c.Mode == model.ConfigMap:
			hs = append(hs, fmt.Sprintf("%s lists it, but authentication_mode is CONFIG_MAP, which ignores access entries", g.Source))
		case g.Kind != model.AccessEntry:
			hs = append(hs, fmt.Sprintf("%s lists it as %s, which aws-auth never matches: write it without the IAM path", g.Source, g.Principal.Display()))
		}
	}
	if len(hs) == 0 {
		return ""
	}
	return " (" + msgtext.Join(hs, "; ") + ")"
}

// creatorNote says what the cluster's creator gets, because "it worked
// from my laptop" is usually the creator's implicit access.
func creatorNote(m *model.Model, p *model.Path) string {
	switch p.Cluster.Creator {
	case model.CreatorImplicit:
		return "; only the principal that created the cluster has implicit access"
	case model.CreatorNone:
		return "; the cluster gives its creator no access of its own"
	case model.CreatorApplier:
		return "; enable_cluster_creator_admin_permissions grants only whoever applies " + p.Cluster.Addr
	}
	return ""
}
