package model

import (
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Context is one place Terraform runs: the local run, a declared execution
// role, an HCP Terraform workspace in one phase. The model is evaluated per
// context; rules never special-case where Terraform runs.
type Context struct {
	// Name describes the context for messages, e.g. "execution role
	// arn:aws:iam::111122223333:role/ci", "HCP Terraform workspace
	// acme/eks-prod (apply phase)".
	Name string
	// Local is true for the run on the developer's machine.
	Local bool
	// VarSource names where this context's own variable values come from,
	// e.g. "HCP Terraform workspace acme/eks-prod".
	VarSource string
	// Phase is "plan" or "apply" where the two run as different
	// principals, else "".
	Phase string
	// Plan is, for an apply context, the plan of the same run: a data
	// source token is read during plan and reused by the apply.
	Plan *Context
	// KubernetesDynamic is set when HCP Terraform's Kubernetes dynamic
	// credentials authenticate the providers, bypassing aws-auth.
	KubernetesDynamic bool

	// ambient is the identity of the run's own credentials, per AWS
	// provider configuration ("aws", "aws.ci"), with "" for everything
	// else (exec plugins, providers without their own).
	ambient  map[string]Ambient
	varFrom  map[string]string
	resolver *resolve.Resolver
	// origins are, for a local child read from its caller, where the
	// child's variables come from: its caller's run reports its paths.
	origins *resolve.Origins
	// argFrom are, for a local child's context that mirrors one of its
	// caller's own (a workspace), where the caller's context sets the
	// variables the call passes on, by the child's variable.
	argFrom map[string]string
	// caller is, for a local child's context, the caller's context it
	// mirrors: where a value the call passes in is signed.
	caller *Context
}

// Ambient is the identity of a run's own credentials and who says so.
type Ambient struct {
	ARN resolve.String
	// From says where it is declared: "plugin config execution_roles",
	// "TFC_AWS_PLAN_ROLE_ARN of HCP Terraform workspace acme/eks-prod".
	From string
}

// AmbientOf is the ambient identity an AWS provider configuration (or,
// for "", anything else) has in this context.
func (c *Context) AmbientOf(aws string) Ambient {
	if a, ok := c.ambient[aws]; ok {
		return a
	}
	if a, ok := c.ambient[""]; ok {
		return a
	}
	return Ambient{ARN: resolve.String{Kind: resolve.Unknown}}
}

// contexts lists where Terraform runs: first the local run, whose ambient
// identity nobody knows, then one context per declared execution role.
func contexts(opts Options, base *resolve.Resolver) []*Context {
	cs := []*Context{{Name: "local run", Local: true, resolver: base}}
	for _, p := range opts.ExecutionRoles {
		cs = append(cs, &Context{
			Name:     "execution role " + p.String(),
			ambient:  map[string]Ambient{"": {ARN: resolve.String{Kind: resolve.Known, Text: p.String()}, From: "plugin config execution_roles"}},
			resolver: base,
		})
	}
	return cs
}
