// Package model answers the one question every eksauth rule asks: which
// Kubernetes-family providers authenticate to which EKS cluster, as which
// IAM principal, in which execution context, and what does that cluster
// grant? It is built once per module run from one GetModuleContent call
// and shared by all rules; rules only decide and word findings.
//
// The build reads in one direction: the module's blocks (module.go), the
// clusters and module releases (clusters.go, version.go), the grants from
// module inputs, resources and ConfigMaps (grants.go, inputs.go,
// resources.go, configmaps.go), the providers and the identities they
// present in each context (providers.go, exec.go, contexts.go,
// identity.go, paths.go); verdict.go then decides each path.
package model

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

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
	// HCPTerraform is set when hcp_terraform is enabled: the workspaces'
	// runs are looked up, not only those the configuration declares.
	HCPTerraform bool
	// Referenced, when set, reads the configuration of an HCP Terraform
	// workspace whose outputs the root module takes its cluster from
	// (data "tfe_outputs", a remote-backend terraform_remote_state), or
	// says in one line why it cannot. It is called at most once per
	// workspace, and only for a workspace a Kubernetes provider's cluster
	// comes from. dir is the linted module's directory, absolute when
	// tflint says where it runs, for finding the checkout it is in.
	Referenced func(ref WorkspaceRef, dir string) (*WorkspaceConfig, string)
	// ClusterRoots are directories, relative to the linted module, of
	// root modules that create or grant access to the clusters it uses:
	// the links eksauth cannot follow by itself (an s3 remote state, a
	// data "aws_eks_cluster" by name). Only a root module run reads them.
	ClusterRoots []string
	// Getenv reads TF_VAR_ values for the root modules read from disk; nil
	// means os.Getenv.
	Getenv func(string) string

	// locate says where the module being built lives, for a tflint run:
	// nil for a module read from elsewhere, which then joins nothing.
	locate func() (place, bool)
	// calling is set for a local child module read from its caller.
	calling *calling
	// sibling is, for a root module read from disk beside the linted one,
	// where it is: it reads its own local calls from there, as the linted
	// root does, and nothing further (no remote state, no cluster roots).
	sibling *place
	// spendFrom is the resolver whose evaluation budget the build spends;
	// nil for a budget of its own.
	spendFrom *resolve.Resolver
	// calls is the count of local modules read that the build adds to;
	// nil for a count of its own.
	calls *int
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
	// lifted are, for a child read from its caller, paths of the child's
	// (or its children's) providers to clusters of a module further up.
	lifted []*Path
	// children are, for a root module run, the models of the local child
	// modules it reads, at any depth; callFiles are their files, by name.
	children []*Model
	// calls counts the local modules the run has read (see maxCalls),
	// shared with the sibling roots it reads.
	calls     *int
	callFiles map[string]callFile
	// awsAuth is set when the module may write aws-auth that eksauth
	// cannot attach to a cluster it knows: a ConfigMap whose provider's
	// cluster cannot be told, one that may be aws-auth (its name or
	// namespace unknown), a manifest that may be one, a module that may
	// write one and is not read. Its caller then cannot take aws-auth as
	// it reads it for the whole story. aws-auth read and attached to a
	// cluster (the child's, or its caller's through the call) is not
	// flagged: the verdicts on that cluster weigh it already.
	awsAuth bool
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

// Options returns what the plugin configuration told the model.
func (m *Model) Options() Options { return m.options }

// Cluster returns the cluster defined in the module at the given address.
func (m *Model) Cluster(addr string) *Cluster {
	for _, c := range m.Clusters {
		if c.Kind != ExternalCluster && c.Defined() && c.Addr == addr {
			return c
		}
	}
	return nil
}

// AWSProvider returns the configuration of an AWS provider ("aws",
// "aws.ci"), undeclared ones included.
func (m *Model) AWSProvider(name string) *AWSProvider {
	if p, ok := m.aws[name]; ok {
		return p
	}
	return &AWSProvider{Name: name}
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

// Eval evaluates an expression of the module in a context.
func (m *Model) Eval(ctx *Context, e hcl.Expression) cty.Value {
	if e == nil {
		return cty.NullVal(cty.DynamicPseudoType)
	}
	return ctx.resolver.Eval(e, nil)
}

// At renders a range as file:line, for messages that point at a second
// place besides the one a finding is reported on.
func At(r hcl.Range) string {
	return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line)
}
