package model

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Identity is the principal a provider presents to EKS in one context.
type Identity struct {
	ARN resolve.String
	// How is the mechanism: "assume_role of provider aws", "--role-arn of
	// the exec command", "ambient credentials".
	How string
	// Range is where the identity is set; findings point there.
	Range hcl.Range
	// Ambient is true when the identity is the run's own credentials.
	Ambient bool
	// From says, for an ambient identity, where it is declared.
	From string
	// Why explains an unknown identity.
	Why string
	// Setting is set when a setting of the provider or exec command at
	// Range leaves the identity unknown whatever the run's own
	// credentials are (a profile, static access keys): that is the line
	// to edit, so notices point there.
	Setting bool
}

// keysFrom says where static access keys come from, without ever
// repeating a key written as a literal: " from var.aws_access_key".
func keysFrom(e hcl.Expression) string {
	if t, diags := hcl.AbsTraversalForExpr(e); !diags.HasErrors() {
		return " from " + resolve.TraversalString(t)
	}
	return ""
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
	if p.AccessKey != nil {
		// Keys in the configuration come first in the provider's chain,
		// before the run's environment and any profile. An empty or null
		// key is no key: the chain goes on.
		if s := resolve.StringOf(ctx.resolver.Eval(p.AccessKey, nil)); !(s.Kind == resolve.Null || s.Kind == resolve.Known && s.Text == "") {
			return Identity{ARN: resolve.String{Kind: resolve.Unknown}, Range: p.AccessKey.Range(), Setting: true,
				Why: "provider " + p.Name + " uses static access keys" + keysFrom(p.AccessKey)}
		}
	}
	if p.Profile != nil {
		if s := resolve.StringOf(ctx.resolver.Eval(p.Profile, nil)); s.Kind != resolve.Null {
			return Identity{ARN: resolve.String{Kind: resolve.Unknown}, Range: p.Profile.Range(), Setting: true, Why: "provider " + p.Name + " uses profile " + s.Display()}
		}
	}
	return ambient(ctx, "credentials of provider "+p.Name, ambientAt, p.Name)
}

// AWSIdentity is who an AWS provider configuration is in a context.
func (m *Model) AWSIdentity(p *AWSProvider, ctx *Context) Identity {
	b := &builder{m: m}
	return b.awsIdentity(p, ctx, p.DefRange)
}

// RunAWS is the AWS provider a path's run works through: the one that
// applies the path's cluster, else the default one. An exec plugin does not
// take its credentials, so when that provider assumes a role the exec still
// runs as the credentials the role is assumed from.
func (m *Model) RunAWS(p *Path) *AWSProvider {
	if p.Cluster != nil {
		return m.AWSProvider(p.Cluster.AWS)
	}
	return m.AWSProvider("aws")
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
		return Identity{ARN: x.Role, How: x.RoleFrom + " of " + x.Tool, Range: x.RoleRange}
	case !x.ArgsKnown:
		return unknown("the exec arguments cannot all be read")
	case x.Profile.Kind != resolve.Null:
		id := unknown("the exec command uses profile " + x.Profile.Display())
		id.Range, id.Setting = x.ProfileRange, true
		return id
	case x.StaticKeys:
		return unknown("the exec command uses static access keys from its env")
	}
	return ambient(ctx, "credentials of "+x.Tool, at, "")
}

func describeMethod(a Auth) string {
	if a.Detail != "" {
		return a.Method.String() + " (" + a.Detail + ")"
	}
	return a.Method.String()
}
