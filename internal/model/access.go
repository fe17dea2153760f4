package model

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// path works out, for one provider in one context, who it authenticates as
// and to which cluster.
func (b *builder) path(p *KubeProvider, ctx *Context) *Path {
	pa := &Path{Provider: p, Context: ctx}
	pa.Cluster, pa.ClusterWhy = b.providerClusterOf(p, ctx)
	if ctx.KubernetesDynamic {
		pa.Identity = Identity{ARN: resolve.String{Kind: resolve.Unknown}, Range: p.Auth.Range,
			Why: "HCP Terraform's Kubernetes dynamic credentials authenticate it, without aws-auth or access entries"}
		return pa
	}
	switch a := p.Auth; a.Method {
	case MethodClusterAuth:
		pa.AWS = b.m.AWSProvider(a.Source.Provider)
		signer := ctx
		if ctx.Plan != nil && a.Source.Mode == "data" {
			// A data source is read during plan; the apply reuses the
			// token from the saved plan, signed by the plan's principal.
			signer = ctx.Plan
		}
		pa.Identity = b.awsIdentity(pa.AWS, signer, a.Range)
		if signer != ctx {
			pa.Identity.How += ", token read in the plan phase and reused by the apply"
		}
	case MethodExec:
		pa.Identity = execIdentity(b.exec(p, ctx), ctx, a.Range)
	default:
		pa.Identity = Identity{ARN: resolve.String{Kind: resolve.Unknown}, Range: a.Range, Why: "the provider uses " + describeMethod(a)}
	}
	return pa
}

func describeMethod(a Auth) string {
	if a.Detail != "" {
		return a.Method.String() + " (" + a.Detail + ")"
	}
	return a.Method.String()
}

// providerClusterOf finds the cluster a provider talks to: by the cluster
// name its token or exec names, then by its host.
func (b *builder) providerClusterOf(p *KubeProvider, ctx *Context) (*Cluster, string) {
	k := pathKey{p, ctx}
	if a, ok := b.clusters[k]; ok {
		return a.c, a.why
	}
	c, why := b.findProviderCluster(p, ctx)
	if b.clusters == nil {
		b.clusters = map[pathKey]clusterAnswer{}
	}
	b.clusters[k] = clusterAnswer{c, why}
	return c, why
}

// pathKey identifies one provider in one context, for the builder's memos:
// aws-auth submodules and ConfigMaps ask for their provider's cluster too.
type pathKey struct {
	p   *KubeProvider
	ctx *Context
}

type clusterAnswer struct {
	c   *Cluster
	why string
}

// exec reads a provider's exec call in a context, once.
func (b *builder) exec(p *KubeProvider, ctx *Context) *Exec {
	k := pathKey{p, ctx}
	if x, ok := b.execs[k]; ok {
		return x
	}
	x := readExec(ctx.resolver, p.Auth.execExprs, p.Auth.Range)
	if b.execs == nil {
		b.execs = map[pathKey]*Exec{}
	}
	b.execs[k] = x
	return x
}

func (b *builder) findProviderCluster(p *KubeProvider, ctx *Context) (*Cluster, string) {
	var nameExpr hcl.Expression
	switch p.Auth.Method {
	case MethodClusterAuth:
		nameExpr = p.Auth.Source.NameExpr
	case MethodExec:
		x := b.exec(p, ctx)
		if x.Cluster.Kind != resolve.Unknown && x.Cluster.Kind != resolve.Null {
			c, why := b.clusterOf(ctx.resolver, x.Cluster, 0)
			if c != nil {
				return c, ""
			}
			if p.Auth.Host == nil {
				return nil, why
			}
		}
	}
	var why string
	if nameExpr != nil {
		var c *Cluster
		if c, why = b.clusterFrom(ctx.resolver, nameExpr, 0); c != nil {
			return c, ""
		}
	}
	if p.Auth.Host != nil {
		if c, hostWhy := b.clusterFrom(ctx.resolver, p.Auth.Host, 0); c != nil {
			return c, ""
		} else if why == "" {
			why = hostWhy
		}
	}
	if why == "" {
		why = "the provider names no cluster eksauth can follow"
	}
	return nil, why
}

// awsIdentity is who an AWS provider configuration is in a context: the
// role it assumes, else the run's own credentials.
func (b *builder) awsIdentity(p *AWSProvider, ctx *Context, ambientAt hcl.Range) Identity {
	if p.DynamicRole {
		return Identity{ARN: resolve.String{Kind: resolve.Unknown}, Range: p.DefRange, Why: "provider " + p.Name + " assumes a role in a dynamic block"}
	}
	if p.RoleArn != nil {
		s := resolve.StringOf(ctx.resolver.Eval(p.RoleArn, nil))
		if !(s.Kind == resolve.Null || s.Kind == resolve.Known && s.Text == "") {
			return Identity{ARN: s, How: p.RoleBlock + " of provider " + p.Name, Range: p.RoleArn.Range()}
		}
	}
	if p.Profile != nil {
		if s := resolve.StringOf(ctx.resolver.Eval(p.Profile, nil)); s.Kind != resolve.Null {
			return Identity{ARN: resolve.String{Kind: resolve.Unknown}, Range: p.Profile.Range(), Why: "provider " + p.Name + " uses profile " + s.Display()}
		}
	}
	return ambient(ctx, "credentials of provider "+p.Name, ambientAt, p.Name)
}

func ambient(ctx *Context, how string, at hcl.Range, aws string) Identity {
	a := ctx.AmbientOf(aws)
	id := Identity{ARN: a.ARN, How: "ambient " + how, Range: at, Ambient: true, From: a.From}
	switch a.ARN.Kind {
	case resolve.Unknown:
		id.Why = "the " + ctx.Name + " uses ambient credentials, and execution_roles does not name them"
	case resolve.Sensitive:
		id.Why = "the role of the " + ctx.Name + " is a sensitive value"
	}
	return id
}

func execIdentity(x *Exec, ctx *Context, at hcl.Range) Identity {
	unknown := func(why string) Identity {
		return Identity{ARN: resolve.String{Kind: resolve.Unknown}, Range: at, Why: why}
	}
	switch {
	case x.Tool == "":
		return unknown("the exec command is not aws eks get-token or aws-iam-authenticator")
	case x.Role.Kind != resolve.Null:
		return Identity{ARN: x.Role, How: x.RoleFrom + " of " + x.Tool, Range: x.ArgsRange}
	case !x.ArgsKnown:
		return unknown("the exec arguments cannot all be read")
	case x.Profile.Kind != resolve.Null:
		return unknown("the exec command uses profile " + x.Profile.Display())
	case x.StaticKeys:
		return unknown("the exec command uses access keys from its env")
	}
	return ambient(ctx, "credentials of "+x.Tool, at, "")
}

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
	if c == nil {
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
	}
	if len(c.Hidden) > 0 && cannot == "" {
		cannot = "grants in " + c.Hidden[0] + " cannot be read"
	}
	if c.Mode == "" && cannot == "" && c.Kind == ModuleCluster && !c.Version.Known {
		cannot = "the module version of " + c.Addr + " is unknown"
	}
	if cannot != "" {
		v.Why = cannot
		return v
	}
	v.Access = Denied
	return v
}

// applier is who applies the cluster in a context: the identity of the AWS
// provider the cluster is created with.
func (m *Model) applier(c *Cluster, ctx *Context) Identity {
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
	if g.Principal.Kind != resolve.Known && g.Principal.Kind != resolve.Named {
		return arn.Unknown
	}
	switch g.Kind {
	case MapRole:
		return arn.MatchAWSAuthRole(caller, g.Principal.Text)
	case MapUser:
		return arn.MatchAWSAuthUser(caller, g.Principal.Text)
	}
	return arn.MatchAccessEntry(caller, g.Principal.Text)
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

// AWSProviders returns the declared AWS provider configurations in the
// order they are written.
func (m *Model) AWSProviders() []*AWSProvider {
	var out []*AWSProvider
	for _, p := range m.aws {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return rangeLess(out[i].DefRange, out[j].DefRange) })
	return out
}

// AWSIdentity is who an AWS provider configuration is in a context.
func (m *Model) AWSIdentity(p *AWSProvider, ctx *Context) Identity {
	b := &builder{m: m}
	return b.awsIdentity(p, ctx, p.DefRange)
}

// Eval evaluates an expression of the module in a context.
func (m *Model) Eval(ctx *Context, e hcl.Expression) cty.Value {
	if e == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return ctx.resolver.Eval(e, nil)
}
