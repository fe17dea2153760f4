// Package model answers the one question every eksauth rule asks: which
// Kubernetes-family providers authenticate to which EKS cluster, as which
// IAM principal, in which execution context, and what does that cluster
// grant? It is built once per module run from one GetModuleContent call
// and shared by all rules; rules only decide and word findings.
package model

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Options are the facts a user tells eksauth that the configuration does not.
type Options struct {
	// ExecutionRoles are the identities of runs that use ambient credentials.
	ExecutionRoles []arn.Principal
	// ClusterCreators are principals known to have created the clusters.
	ClusterCreators []arn.Principal
	// OnlyChangedRoles limits eksauth_role_not_mapped to paths that are new
	// or changed against the baseline (adoption mode).
	OnlyChangedRoles bool
	// Workspaces, when set, returns the HCP Terraform workspaces whose runs
	// to check, given the configuration's backend. It is called once, for a
	// root module with Kubernetes providers.
	Workspaces func(Backend) []Workspace
}

// Model is what one module run knows about EKS authentication.
type Model struct {
	Providers []*KubeProvider
	Clusters  []*Cluster
	Contexts  []*Context
	// Paths has one entry per Kubernetes provider and execution context.
	Paths []*Path

	aws      map[string]*AWSProvider
	options  Options
	origins  *resolve.Origins
	baseline *Baseline
	verdicts map[*Path]Verdict
	backend  Backend
	// Unavailable lists contexts the user asked for that could not be
	// read, so the run checked less than it was asked to.
	Unavailable []Note
}

// Note is a message about the run itself, with where to show it.
type Note struct {
	Message string
	Range   hcl.Range
}

// Dir is the module's directory, when known.
func (m *Model) Dir() string {
	if m.origins == nil {
		return ""
	}
	return m.origins.Dir
}

// Anchor is where a note about the whole module is shown: the HCP
// Terraform backend block, else the first Kubernetes provider.
func (m *Model) Anchor() hcl.Range {
	if m.backend.Kind != "" {
		return m.backend.DefRange
	}
	if len(m.Providers) > 0 {
		return m.Providers[0].DefRange
	}
	return hcl.Range{}
}

// Backend is the configuration's HCP Terraform backend, if any.
func (m *Model) Backend() Backend { return m.backend }

// KubeProvider is one configuration of the kubernetes, helm or kubectl
// provider (each alias on its own).
type KubeProvider struct {
	// Type is the provider's local name: kubernetes, helm, kubectl.
	Type  string
	Alias string
	// DefRange is the provider block's header.
	DefRange hcl.Range
	Auth     Auth
}

// Name is the provider's reference as Terraform writes it: "kubernetes" or "helm.eks".
func (p *KubeProvider) Name() string {
	if p.Alias == "" {
		return p.Type
	}
	return p.Type + "." + p.Alias
}

// Method is how a provider obtains Kubernetes credentials.
type Method int

const (
	// MethodUnknown: nothing eksauth recognises (client certificates, a
	// dynamic block, other exec plugins).
	MethodUnknown Method = iota
	// MethodClusterAuth: token from data or ephemeral aws_eks_cluster_auth.
	MethodClusterAuth
	// MethodExec: exec of `aws eks get-token` or `aws-iam-authenticator token`.
	MethodExec
	// MethodStaticToken: a token from a variable, local or literal.
	MethodStaticToken
	// MethodKubeconfig: a kubeconfig file decides, invisible here.
	MethodKubeconfig
)

func (m Method) String() string {
	switch m {
	case MethodClusterAuth:
		return "aws_eks_cluster_auth token"
	case MethodExec:
		return "exec"
	case MethodStaticToken:
		return "static token"
	case MethodKubeconfig:
		return "kubeconfig"
	}
	return "unrecognised authentication"
}

// Auth is what a provider's configuration says about its credentials.
type Auth struct {
	Method Method
	// Range is where the method is chosen: the token attribute, the exec
	// block, config_path.
	Range hcl.Range
	// Token is the token expression for MethodClusterAuth and MethodStaticToken.
	Token hcl.Expression
	// Source is the aws_eks_cluster_auth data or ephemeral block behind the token.
	Source *DataSource
	// Exec describes an exec plugin call.
	Exec *Exec
	// Host is the provider's host expression, a second way to find the cluster.
	Host hcl.Expression
	// Detail says, for MethodUnknown and MethodKubeconfig, what was seen.
	Detail string

	execExprs map[string]hcl.Expression
}

// DataSource is a data or ephemeral block.
type DataSource struct {
	Mode     string // "data" or "ephemeral"
	Type     string
	Name     string
	DefRange hcl.Range
	NameExpr hcl.Expression
	// Provider is the AWS provider the block uses: "aws" or "aws.ALIAS".
	Provider string
}

// Addr is the block's address, e.g. data.aws_eks_cluster_auth.this.
func (d *DataSource) Addr() string {
	if d.Mode == "ephemeral" {
		return "ephemeral." + d.Type + "." + d.Name
	}
	return "data." + d.Type + "." + d.Name
}

// Exec is an exec plugin call in a provider.
type Exec struct {
	// Tool is "aws eks get-token" or "aws-iam-authenticator token".
	Tool      string
	Range     hcl.Range
	ArgsRange hcl.Range
	Cluster   resolve.String
	Role      resolve.String // --role-arn / -r / env AWS_ROLE_ARN; Kind Null when absent
	RoleFrom  string         // "--role-arn", "-r", "env AWS_ROLE_ARN"
	Profile   resolve.String // --profile or env AWS_PROFILE; Null when absent
	// StaticKeys is set when the exec environment carries access keys.
	StaticKeys bool
	// ArgsKnown is false when the argument list could not be read whole.
	ArgsKnown bool
}

// AWSProvider is one configuration of the aws provider.
type AWSProvider struct {
	Name     string // "aws" or "aws.ALIAS"
	Declared bool
	DefRange hcl.Range
	// RoleArn is assume_role's (or assume_role_with_web_identity's) role_arn.
	RoleArn hcl.Expression
	// RoleBlock is "assume_role" or "assume_role_with_web_identity".
	RoleBlock string
	// DynamicRole is set when assume_role is written as a dynamic block.
	DynamicRole bool
	Profile     hcl.Expression
	Allowed     hcl.Expression
	Forbidden   hcl.Expression
	// SharedConfig is shared_config_files: HCP Terraform's dynamic
	// credentials reach aliased configurations through it.
	SharedConfig hcl.Expression
}

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
}

// Path is one provider authenticating in one context.
type Path struct {
	Provider *KubeProvider
	Context  *Context
	Identity Identity
	// Cluster is nil when the provider's cluster is not defined in this module.
	Cluster *Cluster
	// ClusterWhy explains a nil Cluster.
	ClusterWhy string
	// AWS is the AWS provider whose credentials sign the token, if any.
	AWS *AWSProvider
}

// At renders a range as file:line, for messages that point at a second
// place besides the one a finding is reported on.
func At(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}
