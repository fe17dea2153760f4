package model

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Path is one provider authenticating in one context.
type Path struct {
	Provider *KubeProvider
	Context  *Context
	Identity Identity
	// Cluster is the provider's cluster: defined here, or an external one
	// named the way grants may name it too; nil when it cannot be told.
	Cluster *Cluster
	// ClusterWhy explains a nil or external Cluster.
	ClusterWhy string
	// AWS is the AWS provider whose credentials sign the token, if any.
	AWS *AWSProvider
	// Exec is the provider's exec plugin call read in this context, nil
	// when it has none.
	Exec *Exec
	// IgnoredExec is, for a provider that sets both a token and an exec,
	// who the exec would authenticate as: client-go never runs it.
	IgnoredExec *Identity
}

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
		pa.Exec = b.exec(p, ctx)
		pa.Identity = execIdentity(pa.Exec, ctx, a.Range)
	case MethodStaticToken:
		if id, ok := b.callerToken(a, ctx); ok {
			pa.Identity = id
			break
		}
		fallthrough
	default:
		pa.Identity = Identity{ARN: resolve.String{Kind: resolve.Unknown}, Range: a.Range, Why: "the provider uses " + describeMethod(a)}
	}
	if p.Auth.ExecIgnored {
		pa.Exec = b.exec(p, ctx)
		id := execIdentity(pa.Exec, ctx, p.Auth.Exec.Range)
		pa.IgnoredExec = &id
	}
	return pa
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
	at := p.Auth.Range
	if p.Auth.Exec != nil {
		at = p.Auth.Exec.Range
	}
	x := readExec(ctx.resolver, p.Auth.execExprs, at)
	if b.execs == nil {
		b.execs = map[pathKey]*Exec{}
	}
	b.execs[k] = x
	return x
}

// findProviderCluster prefers a cluster defined here, found by name or by
// host, to an external one: only then is there something to judge.
func (b *builder) findProviderCluster(p *KubeProvider, ctx *Context) (*Cluster, string) {
	var nameExpr hcl.Expression
	var ext *Cluster
	found := func(c *Cluster) bool {
		if c != nil && c.Kind == ExternalCluster && ext == nil {
			ext = c
		}
		return c != nil && c.Kind != ExternalCluster
	}
	switch p.Auth.Method {
	case MethodClusterAuth:
		nameExpr = p.Auth.Source.NameExpr
	case MethodExec:
		x := b.exec(p, ctx)
		if x.Cluster.Kind != resolve.Unknown && x.Cluster.Kind != resolve.Null {
			c, why := b.clusterOf(ctx.resolver, x.Cluster, 0)
			if found(c) {
				return c, ""
			}
			if p.Auth.Host == nil {
				if ext != nil {
					return ext, ext.Why
				}
				return nil, why
			}
		}
	}
	var why string
	if nameExpr != nil {
		var c *Cluster
		if c, why = b.clusterFrom(ctx.resolver, nameExpr, 0); found(c) {
			return c, ""
		}
	}
	if p.Auth.Host != nil {
		if c, hostWhy := b.hostCluster(ctx.resolver, p.Auth.Host); found(c) {
			return c, ""
		} else if why == "" {
			why = hostWhy
		}
	}
	if ext != nil {
		return ext, ext.Why
	}
	if why == "" {
		why = "the provider names no cluster eksauth can follow"
	}
	return nil, why
}

// providerCluster returns the cluster, defined here or external, a
// kubernetes provider authenticates to in the local run.
func (b *builder) providerCluster(name string) *Cluster {
	for _, p := range b.m.Providers {
		if p.Name() == name {
			c, _ := b.providerClusterOf(p, b.m.Contexts[0])
			return c
		}
	}
	return nil
}

// callerToken is, for a provider of a local child whose token is one of
// the child's variables, who signs the token its caller passes in: the
// AWS provider of the caller's aws_eks_cluster_auth, in the caller's
// context the child's mirrors. ok is false for a token that is not
// traced that way.
func (b *builder) callerToken(a Auth, ctx *Context) (Identity, bool) {
	e := a.Token
	var via []string
	for x := b; x.calling != nil && ctx != nil; x = x.calling.caller {
		t, diags := hcl.AbsTraversalForExpr(e)
		if diags.HasErrors() || len(t) != 2 || t.RootName() != "var" {
			return Identity{}, false
		}
		name, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			return Identity{}, false
		}
		arg, ok := x.calling.frame.call.Body.Attributes[name.Name]
		if !ok || metaArgs[name.Name] {
			return Identity{}, false
		}
		via = append(via, "passed as var."+name.Name+" to "+x.calling.addr)
		up, signer := x.calling.caller, ctx.caller
		if signer == nil {
			return Identity{}, false
		}
		src := up.mod.clusterAuthSource(arg.Expr)
		if src == nil {
			e, ctx = arg.Expr, signer
			continue
		}
		if signer.Plan != nil && src.Mode == "data" {
			signer = signer.Plan
		}
		aws := up.m.AWSProvider(src.Provider)
		if aws == nil {
			return Identity{}, false
		}
		id := up.awsIdentity(aws, signer, a.Range)
		how := "the token of " + src.Addr()
		for i := len(via) - 1; i >= 0; i-- {
			how += ", " + via[i]
		}
		if id.How != "" {
			how = id.How + ", through " + how
		}
		// Findings point at the child's token, as for any provider of
		// the child: its run and its caller's both show it there.
		id.How, id.Range = how, a.Range
		return id, true
	}
	return Identity{}, false
}
