package model

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"

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

// WorkspaceConfig is where a referenced workspace's configuration is, and
// the values its runs apply, as the ruleset found them. It is read as a
// sibling root is: modfiles, then the same model.
type WorkspaceConfig struct {
	// Label names it in messages: "HCP Terraform workspace acme/eks-cluster".
	Label string
	// Checkout is the directory on disk that holds its working directory,
	// absolute; "" when its configuration was downloaded.
	Checkout string
	// Files hold a downloaded configuration, whose root module is Dir
	// within Files.
	Files fs.FS
	Dir   string
	// Workspace holds its workspace variables and variable sets, which win
	// over its values files and defaults as in its runs; nil when its runs
	// use none (local execution).
	Workspace *Workspace
	// Getenv gives its TF_VAR_ environment variables; nil for none.
	Getenv func(string) string
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
	root, why := b.workspaceRoot(ref)
	if root == nil {
		return nil, why, true
	}
	if c, why = root.output(ref.output); c == nil {
		return nil, why, true
	}
	return b.join(c, root.Dir, "", "via "+resolve.TraversalString(pr.Traversal)), "", true
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
		if !slices.Contains(attrs, a.Name) {
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

// workspaceRoot is a referenced workspace's root module, or why not. It
// is read once per process, whichever model asks (a module run, the
// baseline, a second root run under tflint --fix): the ruleset finds its
// configuration (a checkout, a download) and values, and it is read as a
// sibling root is, with the values its runs apply. Only the model is
// kept; a downloaded configuration is dropped once it is built.
//
// A module eksauth reads itself (a local child, a sibling root, another
// referenced workspace) follows no reference: each workspace costs
// requests and a download, and the root module's references alone are
// what the ruleset bounds.
func (b *builder) workspaceRoot(ref outputRef) (*Root, string) {
	label := "HCP Terraform workspace " + ref.ws.Label()
	opts := b.m.options
	if opts.calling != nil || opts.spendFrom == othersBudget {
		return nil, fmt.Sprintf("the cluster comes from %s of %s, which eksauth does not follow from a module it reads from disk or a download, only from the linted root module", ref.data, label)
	}
	if opts.locate != nil {
		if pl, ok := opts.locate(); ok && !pl.root {
			return nil, fmt.Sprintf("the cluster comes from %s of %s, which eksauth follows only from the root module", ref.data, label)
		}
	}
	if opts.Referenced == nil {
		return nil, fmt.Sprintf("the cluster comes from %s of %s, which eksauth reads only with hcp_terraform enabled", ref.data, label)
	}
	pl, _ := b.rootRun()
	root, err := cachedRoot(workspaceKey+ref.ws.Host+"\x00"+ref.ws.Label(), label, func() (*Root, error) {
		return readWorkspace(ref.ws, pl.dir, opts.Referenced)
	})
	if err == nil {
		return root, ""
	}
	var msg string
	var u *unreadWorkspace
	switch {
	case !errors.As(err, &u):
		msg = fmt.Sprintf("%s not checked: %v", label, err)
	case u.warning != "":
		msg = u.warning
	case u.err != nil:
		label = u.label
		msg = fmt.Sprintf("%s not checked: its configuration %v", label, u.err)
	}
	if msg != "" {
		b.note(label, b.mod.data[ref.data].DefRange, msg+"; the cluster "+ref.data+" reads was not checked")
	}
	return nil, fmt.Sprintf("the cluster comes from %s of %s, which could not be read", ref.data, label)
}

// workspaceKey starts the rootCache keys of referenced workspaces, which
// no directory's key does.
const workspaceKey = "hcp\x00"

// unreadWorkspace is why a referenced workspace was not read: the
// ruleset's one line (warning), or its configuration's fault (err).
type unreadWorkspace struct {
	label   string
	warning string
	err     error
}

func (u *unreadWorkspace) Error() string {
	if u.err != nil {
		return u.label + ": " + u.err.Error()
	}
	return u.warning
}

// readWorkspace asks referenced for the workspace's configuration and
// builds its root module.
func readWorkspace(ws WorkspaceRef, dir string, referenced func(WorkspaceRef, string) (*WorkspaceConfig, string)) (*Root, error) {
	label := "HCP Terraform workspace " + ws.Label()
	cfg, warning := referenced(ws, dir)
	if cfg == nil {
		return nil, &unreadWorkspace{label: label, warning: warning}
	}
	if cfg.Label != "" {
		label = cfg.Label
	}
	getenv := cfg.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	over := cfg.Workspace
	vars := func(mf *modfiles.Module, content *hclext.BodyContent) resolve.Vars {
		base := mf.Vars(getenv)
		if over == nil {
			return base
		}
		o, deferred := readBackend(content).workspaceVars(*over)
		return overlay{base: base, over: o, deferred: deferred}
	}
	var root *Root
	var err error
	if cfg.Checkout != "" {
		shown := cfg.Checkout
		if rel, rerr := filepath.Rel(realPath(dir), cfg.Checkout); rerr == nil && dir != "" {
			shown = filepath.ToSlash(rel)
		}
		root, err = readModule(cfg.Checkout, shown, Options{spendFrom: othersBudget}, vars)
	} else {
		shown := ws.Label() + ":" + cfg.Dir
		if cfg.Dir == "." || cfg.Dir == "" {
			shown = ws.Label() + ":"
		}
		root, err = readModuleFS(cfg.Files, cfg.Dir, shown, Options{spendFrom: othersBudget}, vars)
		// The model is built: the files it was built from are not kept.
		cfg.Files = nil
	}
	if err != nil {
		return nil, &unreadWorkspace{label: label, err: err}
	}
	root.Dir = label
	return root, nil
}

// overlay is a root's variable values with a workspace's over them.
type overlay struct {
	base     resolve.Vars
	over     map[string]cty.Value
	deferred map[string]resolve.Deferred
}

func (o overlay) Var(name string, at hcl.Traversal) cty.Value {
	if v, ok := o.over[name]; ok {
		return v
	}
	return o.base.Var(name, at)
}

// Deferred gives the workspace's HCL values, evaluated by the root's
// resolver at its budget's expense.
func (o overlay) Deferred(name string) (resolve.Deferred, bool) {
	d, ok := o.deferred[name]
	return d, ok
}
