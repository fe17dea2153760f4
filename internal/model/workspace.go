package model

import (
	"context"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Backend is the HCP Terraform backend a configuration declares in
// terraform { cloud {} } or backend "remote" {}: the workspace selection,
// which package hcp reads as it is, plus what only the model knows.
type Backend struct {
	cloud.Backend
	DefRange hcl.Range
	// declared says, for each input variable the module declares, whether
	// it is declared sensitive: a workspace's value for it is as secret as
	// the configuration says, whatever the API flags, and a workspace
	// variable the module does not declare is never evaluated.
	declared map[string]bool
	// Static are the workspaces this configuration itself sets up with the
	// tfe provider, to fall back on where the API cannot be asked.
	Static []DeclaredWorkspace
}

// Workspace is what an HCP Terraform workspace changes about a run: its
// variables and the credentials its runs get. The ruleset looks it up
// (network, once per tflint run) and the model turns it into contexts.
type Workspace struct {
	// Label is "organization/name".
	Label string
	// Vars are the workspace's Terraform variables, overriding local
	// values; sensitive ones are unknown values marked sensitive.
	Vars map[string]cty.Value
	// HCLVars are the workspace's Terraform variables written as HCL
	// expressions, by key, as text. Whoever can edit the workspace wrote
	// them, so each is parsed and evaluated only when an expression of a
	// module that declares it reads it, at the expense of that module
	// run's evaluation budget: a workspace full of costly values nothing
	// reads costs nothing.
	HCLVars map[string]string
	// Lookup is the context the workspace was looked up in. Its deadline
	// is the run's one bound on time spent for HCP Terraform, and the
	// values of HCLVars are part of what the lookup answers: once it has
	// passed, one not yet evaluated is unknown, so that a run that was out
	// of time for the network does not go on spending it evaluating what
	// the network returned. Nil sets no deadline (a workspace the
	// configuration declares itself).
	Lookup context.Context
	// VarFrom says where each variable is set: "workspace variable",
	// `variable set "aws" (global)`.
	VarFrom map[string]string
	// AWS returns the dynamic provider credentials for a provider
	// configuration tag ("" for the default configuration).
	AWS func(tag string) DynamicAWS
	// KubernetesDynamic: TFC_KUBERNETES_PROVIDER_AUTH authenticates the
	// Kubernetes providers without aws-auth.
	KubernetesDynamic bool
	// Agent is set for agent execution mode: without dynamic credentials
	// the run is the agent host's role, which only execution_roles names.
	Agent bool
	// LocalExecution: runs happen on the user's machine; the workspace's
	// variables are not used.
	LocalExecution bool
}

// DynamicAWS is a workspace's AWS dynamic provider credentials for one
// provider configuration.
type DynamicAWS struct {
	Enabled     bool
	Plan, Apply Ambient
}

// readBackend reads the terraform block's cloud or remote backend, and
// which variables the module declares sensitive.
func readBackend(content *hclext.BodyContent) Backend {
	be := readCloud(content)
	be.declared = map[string]bool{}
	for _, b := range content.Blocks {
		if b.Type == "variable" && len(b.Labels) == 1 {
			be.declared[b.Labels[0]] = declaredSensitive(blockAttr(b, "sensitive"))
		}
	}
	return be
}

// declaredSensitive reads a variable's sensitive argument. Terraform
// takes only a literal there; anything else is taken as sensitive, so
// that a value is never printed on a guess.
func declaredSensitive(e hcl.Expression) bool {
	if e == nil {
		return false
	}
	on, ok := resolve.Bool(noVars().Eval(e, nil))
	return !ok || on
}

// noVars evaluates expressions that may not refer to anything, such as a
// variable's sensitive argument. A resolver has caches, so each
// evaluation gets its own.
func noVars() *resolve.Resolver { return resolve.New(unknownVars{}, nil) }

type unknownVars struct{}

func (unknownVars) Var(string, hcl.Traversal) cty.Value { return cty.DynamicVal }

// maxHCLVar bounds the text of an HCL workspace variable eksauth parses.
const maxHCLVar = 64 << 10

// parsedHCL, when set, hears of each HCL workspace variable parsed: tests
// count them.
var parsedHCL func(key string)

// hclValue is an HCL workspace variable's value as Terraform would see
// it, worked out by the resolver of the context that first reads it.
// Evaluation has the configuration's bounds and spends its budget; what
// they refuse, text too long to parse, and a variable not yet evaluated
// when the lookup's deadline has passed are unknown.
func hclValue(key, text string, lookup context.Context) resolve.Deferred {
	return func(r *resolve.Resolver) cty.Value {
		if lookup != nil && lookup.Err() != nil || len(text) > maxHCLVar {
			return cty.DynamicVal
		}
		if parsedHCL != nil {
			parsedHCL(key)
		}
		e, diags := hclsyntax.ParseExpression([]byte(text), key, hcl.InitialPos)
		if diags.HasErrors() || len(e.Variables()) > 0 {
			// Terraform evaluates a workspace variable without references.
			return cty.DynamicVal
		}
		return r.Eval(e, nil)
	}
}

// readCloud reads the terraform block's cloud or remote backend.
func readCloud(content *hclext.BodyContent) Backend {
	for _, b := range content.Blocks {
		if b.Type != "terraform" {
			continue
		}
		for _, nb := range b.Body.Blocks {
			if nb.Type != "cloud" && !(nb.Type == "backend" && len(nb.Labels) == 1 && nb.Labels[0] == "remote") {
				continue
			}
			be := Backend{DefRange: nb.DefRange, Backend: cloud.Backend{Kind: nb.Type,
				Hostname: literalString(blockAttr(nb, "hostname")), Organization: literalString(blockAttr(nb, "organization"))}}
			if be.Kind == "backend" {
				be.Kind = "remote"
			}
			for _, ws := range nb.Body.Blocks {
				if ws.Type != "workspaces" {
					continue
				}
				be.Name = literalString(blockAttr(ws, "name"))
				be.Project = literalString(blockAttr(ws, "project"))
				be.Prefix = literalString(blockAttr(ws, "prefix"))
				be.Tags, be.KeyValueTags = tags(blockAttr(ws, "tags"))
			}
			return be
		}
	}
	return Backend{}
}

// tags reads workspace tags written as a list ("a") or a map (a = "b",
// read as "a:b").
func tags(e hcl.Expression) ([]string, bool) {
	if e == nil {
		return nil, false
	}
	v, diags := e.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return nil, false
	}
	var out []string
	ty := v.Type()
	for it := v.ElementIterator(); v.CanIterateElements() && it.Next(); {
		k, e := it.Element()
		if e.Type() != cty.String || e.IsNull() {
			continue
		}
		if ty.IsMapType() || ty.IsObjectType() {
			out = append(out, k.AsString()+":"+e.AsString())
		} else {
			out = append(out, e.AsString())
		}
	}
	return out, ty.IsMapType() || ty.IsObjectType()
}

// dynamicTag reads which dynamic-credentials configuration an AWS provider
// uses: shared_config_files =
// [var.tfc_aws_dynamic_credentials.aliases["TAG"].shared_config_file]
// names TAG; anything else is the default configuration.
func dynamicTag(p *AWSProvider) string {
	if p.SharedConfig == nil {
		return ""
	}
	for _, t := range p.SharedConfig.Variables() {
		if t.RootName() != "var" || len(t) < 4 {
			continue
		}
		if a, ok := t[1].(hcl.TraverseAttr); !ok || a.Name != "tfc_aws_dynamic_credentials" {
			continue
		}
		if a, ok := t[2].(hcl.TraverseAttr); !ok || a.Name != "aliases" {
			continue
		}
		if ix, ok := t[3].(hcl.TraverseIndex); ok && ix.Key.Type() == cty.String && ix.Key.IsKnown() {
			return ix.Key.AsString()
		}
	}
	return ""
}

// workspaceVars are a workspace's Terraform variables as its runs see
// them in a configuration that declares be.declared: HCL values deferred,
// and only where declared; declared-sensitive ones kept secret, never
// evaluated.
func (be Backend) workspaceVars(w Workspace) (map[string]cty.Value, map[string]resolve.Deferred) {
	vars := make(map[string]cty.Value, len(w.Vars))
	deferred := map[string]resolve.Deferred{}
	for k, v := range w.Vars {
		vars[k] = v
	}
	for k, text := range w.HCLVars {
		if sensitive, used := be.declared[k]; used {
			delete(vars, k)
			if sensitive {
				vars[k] = cty.DynamicVal.Mark(marks.Sensitive)
			} else {
				deferred[k] = hclValue(k, text, w.Lookup)
			}
		}
	}
	for k := range vars {
		if be.declared[k] {
			vars[k] = cty.DynamicVal.Mark(marks.Sensitive)
		}
	}
	return vars, deferred
}

// workspaceContexts turns a workspace into the contexts its runs are: one
// for plan and apply when both run as the same principal, else one each.
func (m *Model) workspaceContexts(w Workspace, base *resolve.Resolver, opts Options) []*Context {
	if w.LocalExecution {
		return nil
	}
	r := base.WithVars(m.backend.workspaceVars(w))
	source := "HCP Terraform workspace " + w.Label
	varFrom := map[string]string{}
	for k, from := range w.VarFrom {
		varFrom[k] = from + " of " + source
	}
	phases := map[string]map[string]Ambient{"plan": {}, "apply": {}}
	split := false
	providers := append([]*AWSProvider{{Name: ""}}, m.AWSProviders()...)
	for _, p := range providers {
		tag := ""
		if p.Name != "" {
			tag = dynamicTag(p)
		}
		d := DynamicAWS{}
		if w.AWS != nil {
			d = w.AWS(tag)
		}
		switch {
		case d.Enabled:
			phases["plan"][p.Name], phases["apply"][p.Name] = d.Plan, d.Apply
			if d.Plan.ARN.Kind != d.Apply.ARN.Kind || d.Plan.ARN.Text != d.Apply.ARN.Text {
				split = true
			}
		case w.Agent && len(opts.ExecutionRoles) == 1:
			a := Ambient{ARN: resolve.String{Kind: resolve.Known, Text: opts.ExecutionRoles[0].String()}, From: "plugin config execution_roles (the agent's role)"}
			phases["plan"][p.Name], phases["apply"][p.Name] = a, a
		}
	}
	if !split {
		return []*Context{{Name: source, VarSource: source, varFrom: varFrom, ambient: phases["plan"], KubernetesDynamic: w.KubernetesDynamic, resolver: r}}
	}
	plan := &Context{Name: source + " (plan phase)", VarSource: source, varFrom: varFrom, Phase: "plan", ambient: phases["plan"], KubernetesDynamic: w.KubernetesDynamic, resolver: r}
	apply := &Context{Name: source + " (apply phase)", VarSource: source, varFrom: varFrom, Phase: "apply", Plan: plan, ambient: phases["apply"], KubernetesDynamic: w.KubernetesDynamic, resolver: r}
	return []*Context{plan, apply}
}
