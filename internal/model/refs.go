package model

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// In HCP Terraform the cluster and the Kubernetes workloads usually live in
// different workspaces: one creates the cluster and its grants, another
// reads the cluster's name from the first one's state outputs. This file
// recognises those references and joins the other workspace's
// configuration to this model, so that the grants its runs apply are
// judged against the identities this module's runs present.

// WorkspaceRef names an HCP Terraform workspace whose state outputs the
// configuration reads.
type WorkspaceRef struct {
	// Host is the hostname the reference names, "" when it names none
	// (data "tfe_outputs" takes it from the tfe provider).
	Host               string
	Organization, Name string
}

// Label is "organization/name".
func (w WorkspaceRef) Label() string { return w.Organization + "/" + w.Name }

// Root is the configuration of another root module and the values its
// runs apply: what the ruleset found for a WorkspaceRef, from the checkout
// or from the workspace's configuration version.
type Root struct {
	// Label names it in messages: "HCP Terraform workspace acme/eks-cluster".
	Label string
	// Files are its configuration files, parsed, with names that say where
	// they were read ("eks-cluster/main.tf", "acme/eks-cluster:main.tf").
	Files []*hcl.File
	// Vars are its variables' defaults and values files.
	Vars resolve.Vars
	// Workspace holds the workspace's own variables and variable sets,
	// which win over Vars as they do in its runs; nil for none.
	Workspace *Workspace
	// Incomplete lists what of it was not read, with why: grants may be
	// in what is missing, so no identity is found ungranted on its account.
	Incomplete []string
}

// outputRef is a reference to another root's output:
// data.tfe_outputs.x.values.NAME, data.terraform_remote_state.x.outputs.NAME.
type outputRef struct {
	data   string // "data.tfe_outputs.x"
	ws     WorkspaceRef
	output string
}

// remoteCluster follows a reference to another workspace's output to the
// cluster that output names in that workspace's configuration. ok is false
// when pr is not such a reference (another backend, another attribute).
func (b *builder) remoteCluster(r *resolve.Resolver, pr resolve.Ref) (c *Cluster, why string, ok bool) {
	ref, why, ok := b.outputRefOf(r, pr)
	if !ok || why != "" {
		return nil, why, ok
	}
	j := b.join(ref)
	if j.why != "" {
		return nil, j.why, true
	}
	o, found := j.outputs[ref.output]
	if !found {
		return nil, fmt.Sprintf("%s reads output %q of %s, which its configuration does not declare", ref.data, ref.output, j.label), true
	}
	if o.c == nil {
		return nil, fmt.Sprintf("%s reads output %q of %s, whose cluster eksauth cannot follow: %s", ref.data, ref.output, j.label, o.why), true
	}
	return o.c, "", true
}

// outputRefOf reads which workspace and output a reference to a
// tfe_outputs or remote-backend terraform_remote_state data source names.
// why is set when it is such a reference but the workspace cannot be told.
func (b *builder) outputRefOf(r *resolve.Resolver, pr resolve.Ref) (ref outputRef, why string, ok bool) {
	ref.data = "data." + pr.Type + "." + pr.Name
	blk := b.mod.data[ref.data]
	if blk == nil {
		return ref, "", false
	}
	known := func(e hcl.Expression) (string, bool) {
		s := resolve.StringOf(r.Eval(e, nil))
		return s.Text, s.Kind == resolve.Known && s.Text != ""
	}
	var attrs []string
	switch pr.Type {
	case "tfe_outputs":
		attrs = []string{"values", "nonsensitive_values"}
		org, ok1 := known(blockAttr(blk, "organization"))
		name, ok2 := known(blockAttr(blk, "workspace"))
		if !ok1 || !ok2 {
			return ref, ref.data + " names its organization or workspace with a value eksauth cannot resolve", true
		}
		ref.ws = WorkspaceRef{Organization: org, Name: name}
	case "terraform_remote_state":
		attrs = []string{"outputs"}
		if backend, _ := known(blockAttr(blk, "backend")); backend != "remote" {
			return ref, "", false
		}
		ws, ok := remoteBackendConfig(r.Eval(blockAttr(blk, "config"), nil))
		if !ok {
			return ref, ref.data + " names its organization or workspace with a value eksauth cannot resolve", true
		}
		ref.ws = ws
	default:
		return ref, "", false
	}
	ref.output, ok = outputName(pr, attrs)
	return ref, "", ok
}

// remoteBackendConfig reads config = { hostname, organization, workspaces
// = { name } } of a remote-backend terraform_remote_state. A workspace
// chosen by prefix is not one workspace, and is not followed.
func remoteBackendConfig(v cty.Value) (WorkspaceRef, bool) {
	str := func(obj cty.Value, key string) (string, bool) {
		if obj.IsMarked() || obj.IsNull() || !obj.IsKnown() || !(obj.Type().IsObjectType() || obj.Type().IsMapType()) {
			return "", false
		}
		if obj.Type().IsObjectType() && !obj.Type().HasAttribute(key) {
			return "", false
		}
		if obj.Type().IsMapType() && !obj.HasIndex(cty.StringVal(key)).True() {
			return "", false
		}
		e := obj.GetAttr(key)
		if obj.Type().IsMapType() {
			e = obj.Index(cty.StringVal(key))
		}
		if e.IsMarked() || !e.IsKnown() || e.IsNull() || e.Type() != cty.String || e.AsString() == "" {
			return "", false
		}
		return e.AsString(), true
	}
	if v.IsMarked() || v.IsNull() || !v.IsKnown() || !v.Type().IsObjectType() || !v.Type().HasAttribute("workspaces") {
		return WorkspaceRef{}, false
	}
	var ref WorkspaceRef
	var ok1, ok2 bool
	ref.Host, _ = str(v, "hostname")
	ref.Organization, ok1 = str(v, "organization")
	ref.Name, ok2 = str(v.GetAttr("workspaces"), "name")
	return ref, ok1 && ok2
}

// outputName reads the output a reference reads: the step after the data
// source's attribute (values.NAME or values["NAME"]).
func outputName(pr resolve.Ref, attrs []string) (string, bool) {
	t := pr.Traversal
	for i := 3; i+1 < len(t); i++ {
		a, ok := t[i].(hcl.TraverseAttr)
		if !ok {
			continue // the data source's instance key
		}
		if !contains(attrs, a.Name) {
			return "", false
		}
		switch n := t[i+1].(type) {
		case hcl.TraverseAttr:
			return n.Name, true
		case hcl.TraverseIndex:
			if n.Key.Type() == cty.String && n.Key.IsKnown() && !n.Key.IsNull() {
				return n.Key.AsString(), true
			}
		}
		return "", false
	}
	return "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// joinedRoot is another workspace's configuration, built as a model of
// its own, with the cluster each of its outputs names.
type joinedRoot struct {
	label   string
	outputs map[string]outputCluster
	// why says why the workspace is not joined; "" when it is.
	why string
}

type outputCluster struct {
	c   *Cluster
	why string
}

// join reads a referenced workspace once per model: the ruleset asks for
// its configuration (the network, a checkout), and the model builds it
// with the values its runs apply.
func (b *builder) join(ref outputRef) *joinedRoot {
	if j, ok := b.roots[ref.ws]; ok {
		return j
	}
	if b.roots == nil {
		b.roots = map[WorkspaceRef]*joinedRoot{}
	}
	label := "HCP Terraform workspace " + ref.ws.Label()
	j := &joinedRoot{label: label}
	b.roots[ref.ws] = j
	if b.m.options.Referenced == nil {
		j.why = fmt.Sprintf("the cluster comes from %s of %s, which eksauth reads only with hcp_terraform enabled", ref.data, label)
		return j
	}
	blk := b.mod.data[ref.data]
	root, warning := b.m.options.Referenced(ref.ws, blk.DefRange.Filename)
	if root == nil {
		j.why = fmt.Sprintf("the cluster comes from %s of %s, which could not be read", ref.data, label)
		if warning != "" {
			b.m.Unavailable = append(b.m.Unavailable, Note{Range: blk.DefRange,
				Message: warning + "; the cluster " + ref.data + " reads was not checked"})
		}
		return j
	}
	if root.Label != "" {
		j.label = root.Label
	}
	j.outputs = joinRoot(root, j.label, b.m.options)
	return j
}

// joinRoot builds another root's model, as its runs see it, and follows
// each of its outputs to a cluster. The clusters are renamed after the
// root they belong to, so that every message about them says where they
// are defined.
func joinRoot(root *Root, label string, opts Options) map[string]outputCluster {
	content, diags := ContentOf(root.Files)
	vars := root.Vars
	if vars == nil {
		vars = unknownVars{}
	}
	if root.Workspace != nil {
		vars = overlay{base: vars, over: readBackend(content).workspaceVars(*root.Workspace)}
	}
	// Its model has its own local context only: no workspaces of its own,
	// no further references, and the creators the user named.
	m, b := fromContent(content, vars, Options{ClusterCreators: opts.ClusterCreators})
	out := map[string]outputCluster{}
	for _, blk := range content.Blocks {
		if blk.Type != "output" || len(blk.Labels) != 1 {
			continue
		}
		o := outputCluster{why: "its configuration defines no EKS cluster"}
		if b != nil {
			o.c, o.why = b.clusterFrom(b.r, blockAttr(blk, "value"), 0)
		}
		out[blk.Labels[0]] = o
	}
	hidden := append([]string(nil), root.Incomplete...)
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			hidden = append(hidden, "a part of "+label+" that does not parse ("+d.Error()+")")
			break
		}
	}
	for _, c := range m.Clusters {
		if c.Name.Kind == resolve.Known {
			c.Addr = fmt.Sprintf("%s (%s of %s)", c.Name.Text, c.Addr, label)
		} else {
			c.Addr += " of " + label
		}
		c.Hidden = append(c.Hidden, hidden...)
	}
	return out
}

// overlay is a root's variable values with a workspace's over them.
type overlay struct {
	base resolve.Vars
	over map[string]cty.Value
}

func (o overlay) Var(name string, at hcl.Traversal) cty.Value {
	if v, ok := o.over[name]; ok {
		return v
	}
	return o.base.Var(name, at)
}
