package model

import (
	"fmt"
	"path/filepath"
	"sort"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// For returns the model of the module runner is linting: the one the
// eksauth runner built for this module run, or a new one for any other
// runner (a test runner).
func For(runner tflint.Runner) (*Model, error) {
	if r, ok := runner.(interface{ EKSAuthModel() (*Model, error) }); ok {
		return r.EKSAuthModel()
	}
	return Build(runner, Options{})
}

// Build reads the module through runner and builds its model. A bug in
// the model must not take tflint down with a plugin crash: it becomes an
// error that names the module, and the other plugins' results survive.
func Build(runner tflint.Runner, opts Options) (m *Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("eksauth: internal error while reading this module (please report it): %v", r)
		}
	}()
	content, err := runner.GetModuleContent(schema, &tflint.GetModuleContentOption{ExpandMode: tflint.ExpandModeNone})
	if err != nil {
		return nil, err
	}
	if opts.Workspaces != nil || opts.Referenced != nil {
		// Workspaces belong to the root module's configuration.
		if path, err := runner.GetModulePath(); err != nil || !path.IsRoot() {
			opts.Workspaces, opts.Referenced = nil, nil
		}
	}
	opts.locate = locator(runner, content)
	var refused refusals
	m = FromContent(content, resolve.RunnerVars{Runner: runner, Failed: refused.add, JSON: resolve.NewJSONIndex(runner)}, opts)
	var origins *resolve.Origins
	if len(m.Paths) > 0 || len(refused.list) > 0 {
		if pl, ok := opts.locate(); ok {
			origins = &resolve.Origins{Dir: pl.dir, Defaults: variableDefaults(content), Called: !pl.root}
		}
	}
	if len(m.Paths) > 0 {
		m.origins = origins
	}
	m.noteRefused(refused.list, content, origins)
	return m, nil
}

// place is where a module run's files are.
type place struct {
	// dir is the module's directory, absolute where tflint says where it
	// runs: file names are relative to where tflint was started, which
	// --chdir makes differ from the plugin's working directory.
	dir string
	// shown is dir as the module's file names spell it ("." or "app").
	shown string
	root  bool
}

// locator asks tflint where the module is, on first need only: most
// module runs never need it, and each question is a round trip.
func locator(runner tflint.Runner, content *hclext.BodyContent) func() (place, bool) {
	var (
		once sync.Once
		pl   place
		ok   bool
	)
	return func() (place, bool) {
		once.Do(func() {
			path, err := runner.GetModulePath()
			if err != nil {
				return
			}
			shown := moduleDir(content)
			dir := shown
			if wd, err := runner.GetOriginalwd(); err == nil && !filepath.IsAbs(dir) {
				dir = filepath.Join(wd, dir)
			}
			pl, ok = place{dir: dir, shown: shown, root: path.IsRoot()}, true
		})
		return pl, ok
	}
}

// moduleDir is the directory of the module's files, relative to where
// tflint runs.
func moduleDir(content *hclext.BodyContent) string {
	for _, b := range content.Blocks {
		if b.DefRange.Filename != "" {
			return filepath.Dir(b.DefRange.Filename)
		}
	}
	return "."
}

func variableDefaults(content *hclext.BodyContent) map[string]hcl.Expression {
	out := map[string]hcl.Expression{}
	for _, b := range content.Blocks {
		if b.Type == "variable" && len(b.Labels) == 1 {
			if e := blockAttr(b, "default"); e != nil {
				out[b.Labels[0]] = e
			}
		}
	}
	return out
}

// FromContent builds the model from module content; vars supplies
// variable values. It is the seam unit tests use instead of tflint.
func FromContent(content *hclext.BodyContent, vars resolve.Vars, opts Options) *Model {
	m, _ := build(content, vars, opts)
	return m
}

// build builds the model and returns the builder too, for what is asked of
// a module read from elsewhere (where its outputs lead).
func build(content *hclext.BodyContent, vars resolve.Vars, opts Options) (*Model, *builder) {
	content = nativeContent(content)
	mod := index(content)
	m := &Model{aws: map[string]*AWSProvider{}, options: opts, calls: opts.calls}
	if m.calls == nil {
		m.calls = new(int)
	}
	kube := m.readProviders(mod)
	base := resolve.New(vars, mod.locals)
	switch {
	case opts.calling != nil:
		base.ShareBudget(opts.calling.caller.r)
	case opts.spendFrom != nil:
		base.ShareBudget(opts.spendFrom)
	}
	base.InRoot(func() bool { return rootModule(opts) })
	if opts.calling != nil {
		m.Contexts = opts.calling.contexts(base, mod.locals)
	} else {
		m.Contexts = contexts(opts, base)
	}
	if opts.calling != nil {
		o := &resolve.Origins{Dir: opts.calling.here.dir, Defaults: variableDefaults(content), Called: true}
		for _, ctx := range m.Contexts {
			ctx.origins = o
		}
	}
	if len(kube) == 0 && !mod.mayGrant() && !(mod.localCalls() && readsCalls(opts)) {
		// Nothing here authenticates to or grants access to a cluster.
		return m, &builder{m: m, mod: mod, r: base}
	}
	local := m.Contexts[0]
	m.Providers = kube
	m.backend = readBackend(content)
	if opts.Workspaces != nil && (len(kube) > 0 || mod.localCalls() && readsCalls(opts)) {
		// A local child's providers run in the root's workspaces too.
		m.backend.Static = m.staticWorkspaces(mod, base)
		for _, w := range opts.Workspaces(m.backend) {
			m.Contexts = append(m.Contexts, m.workspaceContexts(w, base, opts)...)
		}
	}
	b := &builder{m: m, mod: mod, r: local.resolver, locate: opts.locate, calling: opts.calling, siblingAt: opts.sibling}
	b.readClusters()
	b.readGrants()
	b.readRoleShapes()
	if b.calling != nil {
		for _, p := range m.Providers {
			p.Module = b.calling.addr
		}
	}
	b.readCalls()
	b.settleGuesses()
	b.hideUnplaced()
	for _, c := range m.Clusters {
		sort.SliceStable(c.Grants, func(i, j int) bool { return rangeLess(c.Grants[i].Range, c.Grants[j].Range) })
	}
	for _, p := range m.Providers {
		for _, ctx := range m.Contexts {
			m.Paths = append(m.Paths, b.path(p, ctx))
		}
	}
	b.checkRoots()
	return m, b
}

// rootModule reports whether a module built with opts is the root module
// of its run: a tflint run of the root, or a root read from elsewhere (a
// sibling root, a workspace's configuration), never a child read from
// its caller.
func rootModule(opts Options) bool {
	if opts.calling != nil {
		return false
	}
	if opts.locate == nil {
		return true
	}
	pl, ok := opts.locate()
	return ok && pl.root
}

// builder carries what building one model needs.
type builder struct {
	m   *Model
	mod *module
	r   *resolve.Resolver

	clusters map[pathKey]clusterAnswer
	// unplaced are the clusters of grants whose cluster cannot be
	// identified, one per source and reason.
	unplaced map[string]*Cluster
	execs    map[pathKey]*Exec

	locate func() (place, bool)
	// calling is set for a local child module read from its caller.
	calling *calling
	// siblingAt is set for a root module read beside the linted one.
	siblingAt *place
	// joined are this model's copies of clusters defined in other modules
	// or roots, so grants written here add to the copy, not to the
	// original that other module runs share.
	joined map[*Cluster]*Cluster
	// children are the models of local child modules, by call name.
	children map[string]*child
	// noted are the directories a note was already given for.
	noted map[string]bool
	// guesses are the local module calls whether they write aws-auth is
	// decided for once their children are read (see settleGuesses).
	guesses []*hclext.Block
	// roots are the cluster roots, once read (see clusterRoots).
	roots     []*Root
	rootsRead bool
	// lookingUp is set while a child asks this module for a cluster it
	// names: the answer must leave this module's model as it was, so no
	// external cluster is added or touched (see fromCaller).
	lookingUp bool
}

func rangeLess(a, b hcl.Range) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	return a.Start.Byte < b.Start.Byte
}
