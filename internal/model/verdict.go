package model

import (
	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Access is the answer to "may this identity into this cluster?".
type Access int

const (
	// CannotTell: some value the answer depends on is not known.
	CannotTell Access = iota
	// Granted: a grant covers the identity.
	Granted
	// Denied: no grant covers the identity.
	Denied
)

// Verdict is the model's answer for one path, with what it was based on.
type Verdict struct {
	Access Access
	// Grant covers the identity, when Granted by a grant.
	Grant *Grant
	// Creator is set when Granted as the cluster's creator or applier.
	Creator string
	// Considered are the grants that reach the cluster.
	Considered []*Grant
	// Anyone is set when the identity is unknown but no grant could cover
	// any identity that runs Terraform.
	Anyone bool
	// OnlyRole is, when the identity is the run's own credentials and the
	// cluster lets in nobody but node roles and the role its AWS provider
	// assumes, that role: the run's own credentials are what the role is
	// assumed from, never the role itself.
	OnlyRole *Identity
	// RoleGrants are the grants that let OnlyRole in, besides the
	// creator's access.
	RoleGrants []*Grant
	// Why explains CannotTell.
	Why string
}

// Verdict decides whether the path's identity may into its cluster.
// Every rule asks about every path, so each answer is worked out once.
func (m *Model) Verdict(p *Path) Verdict {
	if v, ok := m.verdicts[p]; ok {
		return v
	}
	v := m.verdict(p)
	if m.verdicts == nil {
		m.verdicts = map[*Path]Verdict{}
	}
	m.verdicts[p] = v
	return v
}

func (m *Model) verdict(p *Path) Verdict {
	c := p.Cluster
	if c == nil || c.Kind == ExternalCluster {
		// An external cluster's mode, creator and grants elsewhere are
		// not known here: nothing is decided about it.
		why := p.ClusterWhy
		if k := p.Identity.ARN.Kind; k != resolve.Known && k != resolve.Named && p.Identity.Why != "" {
			// What is not known about the identity says more (a
			// kubeconfig, a profile) than the cluster it cannot reach.
			why = p.Identity.Why
		}
		return Verdict{Why: why}
	}
	var v Verdict
	for _, g := range c.Grants {
		if c.effective(g) && g.Principal.Kind != resolve.Null {
			v.Considered = append(v.Considered, g)
		}
	}
	id := p.Identity
	switch id.ARN.Kind {
	case resolve.Known, resolve.Named:
	case resolve.Sensitive:
		v.Why = "the identity is a sensitive value"
		if prov := m.Provenance(p.Context, id.ARN); prov != "" {
			v.Why += " (" + prov + ")"
		} else if id.Ambient && id.From != "" {
			v.Why += " (" + id.From + ")"
		}
		return v
	default:
		if m.nobodyButNodes(c, v.Considered) {
			v.Access, v.Anyone = Denied, true
			return v
		}
		if id.Ambient {
			if r, gs, ok := m.onlyRole(c, v.Considered, p.Context); ok {
				v.Access, v.OnlyRole, v.RoleGrants = Denied, &r, gs
				return v
			}
		}
		v.Why = id.Why
		if v.Why == "" {
			v.Why = "the identity cannot be resolved"
		}
		return v
	}
	caller, parseErr := arn.Parse(id.ARN.Text)
	if parseErr != nil {
		// Not a principal ARN: the AWS provider or CLI fails before EKS
		// is asked, and what EKS would say is not ours to guess.
		v.Why = "the identity " + id.ARN.Display() + " is not an IAM principal ARN: " + parseErr.Error()
		return v
	}
	cannot := ""
	for _, g := range v.Considered {
		r := matchGrant(caller, g)
		switch {
		case r == arn.Yes && !g.Maybe:
			v.Access, v.Grant = Granted, g
			return v
		case r == arn.Unknown && g.Node:
			// A node or Fargate role from a module output: Terraform does
			// not run as the kubelet's role, and such entries are in every
			// cluster, so they must not leave every answer open.
		case r != arn.No:
			cannot = "whether " + g.Source + " covers it cannot be told"
		}
	}
	switch c.Creator {
	case CreatorImplicit:
		for _, cr := range m.options.ClusterCreators {
			if arn.MatchAccessEntry(caller, cr.String()) == arn.Yes {
				v.Access, v.Creator = Granted, "the cluster creator's implicit access (cluster_creator_arns)"
				return v
			}
		}
	case CreatorApplier:
		applier := m.applier(c, p.Context)
		switch r := sameIdentity(caller, id, applier); r {
		case arn.Yes:
			v.Access, v.Creator = Granted, "enable_cluster_creator_admin_permissions, as the principal that applies it"
			return v
		case arn.Unknown:
			cannot = "enable_cluster_creator_admin_permissions grants whoever applies " + c.Addr + ", which may be this identity"
		}
	case CreatorUnknown:
		cannot = "the cluster creator's access cannot be read"
		if c.Unreleased != "" {
			cannot = c.Addr + " " + c.Unreleased
		}
	}
	if len(c.Hidden) > 0 && cannot == "" {
		cannot = "grants in " + c.Hidden[0] + " cannot be read"
	}
	if c.Mode == "" && cannot == "" && c.Kind == ModuleCluster && !c.Version.Known {
		cannot = "the module version of " + c.Addr + " is unknown"
		if c.Unreleased != "" {
			cannot = c.Addr + " " + c.Unreleased
		}
	}
	if cannot != "" {
		v.Why = cannot
		return v
	}
	v.Access = Denied
	return v
}

// Effective reports whether the grant reaches the cluster under its
// authentication mode.
func (c *Cluster) effective(g *Grant) bool {
	if !g.Applied {
		return false
	}
	switch c.Mode {
	case ConfigMap:
		return g.Kind != AccessEntry
	case API:
		return g.Kind == AccessEntry
	}
	return true
}

// nobodyButNodes reports whether a cluster certainly grants no access to
// any principal that could run Terraform: the creator has none of its own,
// every grant is a node or Fargate role, and nothing is hidden.
func (m *Model) nobodyButNodes(c *Cluster, considered []*Grant) bool {
	if c.Creator != CreatorNone || len(c.Hidden) > 0 || c.Maybe || c.Mode == "" {
		return false
	}
	for _, g := range considered {
		if !g.Node {
			return false
		}
	}
	return true
}

// onlyRole returns the role a cluster certainly lets in alone, besides
// node roles: the one the AWS provider that creates it assumes, when every
// grant that is not a node role's is that role's and the creator's access,
// if any, is too. The implicit creator binding belongs to whoever first
// created the cluster, maybe before the assume_role was written, so it
// counts only when cluster_creator_arns names that role and nobody else.
func (m *Model) onlyRole(c *Cluster, considered []*Grant, ctx *Context) (Identity, []*Grant, bool) {
	if c.Maybe || len(c.Hidden) > 0 || c.Mode == "" {
		return Identity{}, nil, false
	}
	r := m.applier(c, ctx)
	if r.Ambient || r.ARN.Kind != resolve.Known {
		// A role from a variable without a value may be empty at run
		// time, and then the run's own credentials apply the cluster.
		return Identity{}, nil, false
	}
	role, err := arn.Parse(r.ARN.Text)
	if err != nil {
		return Identity{}, nil, false
	}
	var gs []*Grant
	for _, g := range considered {
		switch {
		case g.Node:
		case !g.Maybe && matchGrant(role, g) == arn.Yes:
			gs = append(gs, g)
		default:
			return Identity{}, nil, false
		}
	}
	switch c.Creator {
	case CreatorNone, CreatorApplier:
		// CreatorApplier grants the applier, which is this role.
	case CreatorImplicit:
		if len(m.options.ClusterCreators) == 0 {
			return Identity{}, nil, false
		}
		for _, cr := range m.options.ClusterCreators {
			if arn.MatchAccessEntry(role, cr.String()) != arn.Yes {
				return Identity{}, nil, false
			}
		}
	default:
		return Identity{}, nil, false
	}
	return r, gs, true
}

// applier is who applies the cluster in a context: the identity of the AWS
// provider the cluster is created with.
func (m *Model) applier(c *Cluster, ctx *Context) Identity {
	if !c.Defined() {
		// Another module or root applies it, with credentials this
		// module's contexts do not describe.
		return Identity{ARN: resolve.String{Kind: resolve.Unknown}}
	}
	b := &builder{m: m}
	return b.awsIdentity(m.AWSProvider(c.AWS), ctx, c.DefRange)
}

func sameIdentity(caller arn.Principal, id, other Identity) arn.Result {
	if other.ARN.Kind != resolve.Known && other.ARN.Kind != resolve.Named {
		if id.Ambient && other.Ambient && id.From == other.From {
			// Both are the same run's own credentials.
			return arn.Yes
		}
		return arn.Unknown
	}
	if id.ARN.Text == other.ARN.Text {
		return arn.Yes
	}
	return arn.MatchAccessEntry(caller, other.ARN.Text)
}

// matchGrant compares an identity with one grant the way EKS does.
func matchGrant(caller arn.Principal, g *Grant) arn.Result {
	if g.user && isRole(caller) {
		// A user's ARN, in an access entry, mapRoles or mapUsers, lets
		// in that user alone, whatever its value.
		return arn.No
	}
	if g.Principal.Kind != resolve.Known && g.Principal.Kind != resolve.Named {
		return arn.Unknown
	}
	match := arn.MatchAccessEntry
	switch g.Kind {
	case MapRole:
		match = arn.MatchAWSAuthRole
	case MapUser:
		match = arn.MatchAWSAuthUser
	}
	return matchShape(caller, g, match(caller, g.Principal.Text), match)
}
