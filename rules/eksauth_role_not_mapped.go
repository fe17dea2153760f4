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
	fmt.Fprintf(&b, "%s provider authenticates to %s", p.Provider.Label(), c.Label())
	if v.Anyone {
		fmt.Fprintf(&b, " with the credentials of whoever runs Terraform%s, and the cluster grants no access to anyone but node roles", parenthesised(p.Identity.How))
		b.WriteString(creatorNote(m, p, false))
		return b.String()
	}
	if r := v.OnlyRole; r != nil {
		fmt.Fprintf(&b, " with the run's own credentials%s, which the cluster does not let in: only node roles and %s (%s) get in, through %s, and the credentials a role is assumed from are never that role; %s",
			parenthesised(p.Identity.How), r.ARN.Display(), roleSource(m, p, *r), roleGrants(c, v.RoleGrants), assumedRoleFix(m, p, *r))
		return b.String()
	}
	fmt.Fprintf(&b, " as %s%s", p.Identity.ARN.Display(), parenthesised(identitySource(m, p)))
	// A finding shown away from the grants (another module's, or a local
	// child's provider) says where they are.
	sources := grantSources(v.Considered, !c.Defined() || p.Provider.Module != "")
	if len(sources) == 0 {
		b.WriteString(", which no aws-auth mapping or access entry of the cluster lets in")
	} else {
		fmt.Fprintf(&b, ", which %s", denial(sources, verbFor(v.Considered)))
	}
	b.WriteString(hints(p, c))
	b.WriteString(creatorNote(m, p, true))
	b.WriteString(fixFor(p, v))
	b.WriteString(creatorClause(m, p))
	return b.String()
}

// creatorClause names the one case the verdict cannot see: the role may
// be the cluster's creator, whose implicit admin binding no configuration
// shows. It is said only where the verdict took the creator to be someone
// else, that is where the creator has implicit access and
// cluster_creator_arns does not say who it is.
func creatorClause(m *model.Model, p *model.Path) string {
	if p.Cluster.Creator != model.CreatorImplicit || len(m.Options().ClusterCreators) > 0 {
		return ""
	}
	return fmt.Sprintf("; if %s created this cluster, list it in cluster_creator_arns", p.Identity.ARN.Display())
}

// fixFor tells the concrete fix for the grant mechanism the cluster uses:
// the list it already grants through, else what its module release or
// authentication mode offers.
func fixFor(p *model.Path, v model.Verdict) string {
	c := p.Cluster
	role, bare := p.Identity.ARN.Display(), ""
	if pathless, ok := arn.PathlessRoleARN(p.Identity.ARN.Text); ok {
		// aws-auth compares the role ARN without its path; access
		// entries take either form.
		role, bare = pathless, " (aws-auth matches only the role ARN without its path)"
	}
	var fix string
	for _, g := range v.Considered {
		if g.Node || g.ListIgnored {
			continue
		}
		src := grantSources([]*model.Grant{g}, false)[0]
		switch {
		case g.Kind != model.AccessEntry && strings.HasSuffix(src, " mapRoles"):
			fix = fmt.Sprintf("add %s to mapRoles of %s%s", role, strings.TrimSuffix(src, " mapRoles"), bare)
		case g.Kind != model.AccessEntry && strings.HasSuffix(src, " mapUsers"):
			continue
		case g.Kind != model.AccessEntry:
			fix = fmt.Sprintf("add %s to %s%s", role, strings.Replace(strings.Replace(src, "_users", "_roles", 1), "map_users", "map_roles", 1), bare)
		case strings.HasPrefix(src, "aws_eks_access_entry.") || strings.Contains(src, ".aws_eks_access_entry."):
			fix = fmt.Sprintf("add an aws_eks_access_entry for %s (like %s) with an access policy association", role, src)
		default:
			fix = fmt.Sprintf("add it to %s", src)
		}
		break
	}
	if fix == "" {
		fix = mechanismFix(c, role, bare)
	}
	if creatorAlternative(c) {
		// The creator note is folded in here: one setting, named once.
		now := fmt.Sprintf("false by default in %s", c.Version)
		if c.CreatorRange.Filename != "" && c.CreatorRange != c.DefRange {
			now = "now false at " + at(c.CreatorRange)
		}
		alt := "if this role applies the cluster, set enable_cluster_creator_admin_permissions = true (" + now + ": the creator has no access of its own)"
		if fix == "" {
			fix = alt
		} else {
			fix += ", or, " + alt
		}
	}
	if fix == "" {
		return ""
	}
	return "; to fix, " + fix
}

// mechanismFix is the fix for a cluster that grants nothing yet through
// any list: what its release or authentication mode offers. bare is what
// to say of a role ARN written without its path for aws-auth.
func mechanismFix(c *model.Cluster, role, bare string) string {
	if c.Kind == model.ResourceCluster {
		if c.Mode == model.ConfigMap {
			return fmt.Sprintf("add %s to the mapRoles of the cluster's aws-auth ConfigMap%s", role, bare)
		}
		return fmt.Sprintf("add an aws_eks_access_entry for %s to %s with an aws_eks_access_policy_association", role, c.Addr)
	}
	v := c.Version
	switch {
	case !v.Known:
		return ""
	case v.Before(18, 0):
		return fmt.Sprintf("add %s to %s map_roles%s", role, c.Addr, bare)
	case v.Before(18, 20):
		return fmt.Sprintf("add %s to the mapRoles of the cluster's aws-auth ConfigMap, which %s %s does not manage%s", role, c.Addr, v, bare)
	case v.Before(20, 0):
		return fmt.Sprintf("add %s to %s aws_auth_roles with manage_aws_auth_configmap = true%s", role, c.Addr, bare)
	case c.Mode == model.ConfigMap && v.Before(21, 0):
		return fmt.Sprintf("add %s to aws_auth_roles of the modules/aws-auth submodule%s", role, bare)
	case c.Mode == model.ConfigMap:
		return fmt.Sprintf("add %s to the mapRoles of the cluster's aws-auth ConfigMap%s", role, bare)
	}
	return fmt.Sprintf("add an access entry for %s to %s access_entries", role, c.Addr)
}

// identitySource says how the identity is chosen and where its value is set.
func identitySource(m *model.Model, p *model.Path) string {
	id := p.Identity
	var parts []string
	if id.How != "" {
		parts = append(parts, id.How)
	}
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

// roleGrants names what lets a role in: the creator's access and its
// grants, each with where it is written.
func roleGrants(c *model.Cluster, gs []*model.Grant) string {
	var out []string
	switch c.Creator {
	case model.CreatorApplier:
		out = append(out, "enable_cluster_creator_admin_permissions ("+at(c.CreatorRange)+")")
	case model.CreatorImplicit:
		out = append(out, "the creator's implicit admin binding (cluster_creator_arns)")
	}
	seen := map[string]bool{}
	for _, g := range gs {
		s := g.Source
		if i := strings.IndexByte(s, '['); i > 0 {
			s = s[:i]
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s+" ("+at(g.Range)+")")
		}
	}
	return strings.Join(out, " and ")
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
// their item indexes: "module.eks aws_auth_roles", "aws_eks_access_entry.ci";
// with where set, each says in which file and line, for a cluster defined
// in another module or root.
func grantSources(gs []*model.Grant, where bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range gs {
		s, rng := g.Source, g.SourceRangeOr()
		if i := strings.IndexByte(s, '['); i > 0 {
			// One item of a list: the list is where the grant goes.
			s, rng = s[:i], g.SourceRange
		}
		if where {
			s += " (" + at(rng) + ")"
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
			hs = append(hs, fmt.Sprintf("%s lists it with its IAM path, which aws-auth never matches", g.Source))
		}
	}
	if len(hs) == 0 {
		return ""
	}
	return " (" + msgtext.Join(hs, "; ") + ")"
}

// creatorAlternative reports whether the fix may also be to make the role
// the cluster's creator: module v20+, whose creator entry is a setting.
func creatorAlternative(c *model.Cluster) bool {
	return c.Kind == model.ModuleCluster && c.Version.AtLeast(20, 0) && c.Creator == model.CreatorNone && c.Mode != model.ConfigMap
}

// creatorSetting names the setting that leaves the creator without access.
func creatorSetting(c *model.Cluster) string {
	written := c.CreatorRange.Filename != "" && c.CreatorRange != c.DefRange
	if c.Kind == model.ResourceCluster {
		return "access_config bootstrap_cluster_creator_admin_permissions = false at " + at(c.CreatorRange)
	}
	if written {
		return "enable_cluster_creator_admin_permissions = false at " + at(c.CreatorRange)
	}
	return fmt.Sprintf("enable_cluster_creator_admin_permissions defaults to false in %s", c.Version)
}

// creatorNote says what the cluster's creator gets, because "it worked
// from my laptop" is usually the creator's implicit access.
func creatorNote(m *model.Model, p *model.Path, folded bool) string {
	switch p.Cluster.Creator {
	case model.CreatorImplicit:
		return "; only the principal that created the cluster has implicit access"
	case model.CreatorNone:
		if folded && creatorAlternative(p.Cluster) {
			// Said with the fix that changes it.
			return ""
		}
		return "; the creator has no access of its own (" + creatorSetting(p.Cluster) + ")"
	case model.CreatorApplier:
		return "; enable_cluster_creator_admin_permissions grants only whoever applies the cluster"
	}
	return ""
}

// parenthesised is " (s)", or nothing for an empty s: a message never
// shows empty parentheses.
func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}
