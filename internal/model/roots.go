package model

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// Root is a module read from disk rather than handed over by tflint: a
// sibling root module (../cluster) whose clusters and grants the linted
// configuration uses, or a local child module seen from its caller. It is
// read the way the baseline is, so it means what the linted module would:
// modfiles, then ContentOf, then the same builder.
type Root struct {
	// Dir is the module's directory as messages name it: relative to the
	// linted module for a sibling (../cluster), as tflint names files for
	// a child (modules/platform).
	Dir   string
	Model *Model
	// outputs are where each output leads, worked out when the module is
	// read: a sibling's model is shared by every module run of the
	// process, so nothing may change it afterwards.
	outputs map[string]lead
	// state names the state the root writes ("local:/abs/terraform.tfstate",
	// "s3:bucket/key"); "" when it cannot be told.
	state string
}

// lead is where an output leads: a cluster of the module, or why not.
type lead struct {
	c   *Cluster
	why string
}

// rootCache holds each sibling root once per process: every module run
// in it that reaches ../cluster reads the same files.
var rootCache onceCache[*Root]

// maxRoots bounds the sibling root modules one plugin process reads: the
// configuration chooses them (remote state paths, cluster_roots), and each
// is a read of files and a model built.
const maxRoots = 32

// othersBudget is the one evaluation budget of every module one process
// reads besides tflint's (sibling roots, referenced workspaces'
// configurations), so that naming many of them does not multiply it.
// Only a root module run reads them, and tflint checks the root module
// alone, before it starts the module runs in parallel, so the budget
// (not safe for concurrent use) is never spent by two runs at once.
var othersBudget = resolve.New(nil, nil)

// readRoot reads the root module in the directory abs, named shown in
// messages, once per process.
func readRoot(abs, shown string, getenv func(string) string, calls *int) (*Root, error) {
	return cachedRoot(filepath.Clean(abs)+"\x00"+shown, shown, func() (*Root, error) {
		// Its local children count against the bound of the run that
		// reads it first: it is read once per process.
		opts := Options{spendFrom: othersBudget, sibling: &place{dir: abs, shown: shown, root: true}, calls: calls}
		return readModule(abs, shown, opts, func(mf *modfiles.Module, _ *hclext.BodyContent) resolve.Vars { return mf.Vars(getenv) })
	})
}

// cachedRoot is the root module key names, read with read once per
// process and kept with its error: every later module run (and a second
// root run under tflint --fix) shares it, and spends no budget on it.
func cachedRoot(key, shown string, read func() (*Root, error)) (*Root, error) {
	return rootCache.get(key, maxRoots, func() error {
		return fmt.Errorf("%s is not read: this run already read %d other root modules", shown, maxRoots)
	}, read)
}

// readModule reads the module in abs with modfiles, builds its model with
// the variable values vars gives, and follows each output to its cluster.
// A module that is not read whole is not read at all: a grant in the file
// left out would be missing, and its absence is not ours to assert.
func readModule(abs, shown string, opts Options, vars func(*modfiles.Module, *hclext.BodyContent) resolve.Vars) (*Root, error) {
	mf, err := localFiles.read(abs, shown)
	return moduleRoot(mf, err, abs, shown, opts, vars)
}

// readModuleFS reads the module in the directory dir of fsys as
// readModule reads one on disk: a configuration downloaded into memory.
func readModuleFS(fsys fs.FS, dir, shown string, opts Options, vars func(*modfiles.Module, *hclext.BodyContent) resolve.Vars) (*Root, error) {
	mf, err := modfiles.Read(fsys, dir, modfiles.Options{Prefix: shown + "/"})
	return moduleRoot(mf, err, "", shown, opts, vars)
}

func moduleRoot(mf *modfiles.Module, err error, abs, shown string, opts Options, vars func(*modfiles.Module, *hclext.BodyContent) resolve.Vars) (root *Root, rerr error) {
	defer func() {
		if r := recover(); r != nil {
			root, rerr = nil, fmt.Errorf("%s could not be read (internal error: %v)", shown, r)
		}
	}()
	switch {
	case errors.Is(err, modfiles.ErrNotFound):
		return nil, fmt.Errorf("%s does not exist", shown)
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s cannot be read (%v)", shown, err)
	case len(mf.Skipped) > 0:
		return nil, fmt.Errorf("%s, so %s is not read whole", mf.Skipped[0], shown)
	case mf.Diags.HasErrors():
		return nil, fmt.Errorf("%s does not parse (%s)", shown, firstError(mf.Diags))
	case len(mf.Files) == 0:
		return nil, fmt.Errorf("%s holds no Terraform files", shown)
	}
	content, diags := ContentOf(mf.Files)
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s does not parse (%s)", shown, firstError(diags))
	}
	m, b := build(content, vars(mf, content), opts)
	root = &Root{Dir: shown, Model: m, outputs: map[string]lead{}, state: stateOf(b.mod.backends, abs)}
	for name, e := range b.mod.outputs {
		c, why := b.clusterFrom(b.r, e, 0)
		root.outputs[name] = lead{c, why}
	}
	return root, nil
}

func firstError(diags hcl.Diagnostics) string {
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			return d.Error()
		}
	}
	return diags.Error()
}

// output is where the root's output name leads.
func (r *Root) output(name string) (*Cluster, string) {
	l, ok := r.outputs[name]
	switch {
	case !ok:
		return nil, r.Dir + " has no output " + strconv.Quote(name)
	case l.c == nil:
		return nil, "output " + name + " of " + r.Dir + " leads to no cluster eksauth can follow: " + l.why
	case l.c.Kind == ExternalCluster:
		// The other module does not define it either.
		return nil, "output " + name + " of " + r.Dir + " leads to a cluster that module does not define: " + l.c.Why
	}
	return l.c, ""
}

// stateOf names the state a root module writes, as a remote state that
// reads it would name it. Only the default workspace is considered.
func stateOf(backends []*hclext.Block, abs string) string {
	if len(backends) == 0 {
		// No backend: the local one, with its default path.
		return "local:" + filepath.Join(abs, "terraform.tfstate")
	}
	if len(backends) > 1 {
		return ""
	}
	be := backends[0]
	lit := func(name string) string { return literalString(blockAttr(be, name)) }
	switch be.Labels[0] {
	case "local":
		p := "terraform.tfstate"
		if e := blockAttr(be, "path"); e != nil {
			if p = lit("path"); p == "" {
				return ""
			}
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(abs, p)
		}
		return "local:" + filepath.Clean(p)
	case "s3":
		if bucket, key := lit("bucket"), lit("key"); bucket != "" && key != "" {
			return "s3:" + bucket + "/" + key
		}
	}
	return ""
}

// join is this model's copy of a cluster defined in another module, as
// reached from here: grants written here add to the copy, never to the
// shared original.
func (b *builder) join(c *Cluster, root, addr, via string) *Cluster {
	if j, ok := b.joined[c]; ok {
		return j
	}
	j := *c
	j.Root, j.Via = root, via
	if addr != "" {
		j.Addr = addr
	}
	j.Grants = append([]*Grant(nil), c.Grants...)
	j.Hidden = append([]string(nil), c.Hidden...)
	if prefix, ok := strings.CutSuffix(addr, c.Addr); ok && root == "" && prefix != "" {
		// A local child's cluster: its grants and hidden lists are named
		// the way the child writes them (module.eks aws_auth_roles), and
		// here by the module path that leads to them.
		for i, g := range j.Grants {
			cp := *g
			cp.Source = prefix + g.Source
			j.Grants[i] = &cp
		}
		for i, h := range j.Hidden {
			j.Hidden[i] = prefix + h
		}
	}
	// What the other module writes is that module's to check; only the
	// grants and templates written here are this module's findings.
	j.inherited = make(map[*Grant]bool, len(j.Grants))
	for _, g := range j.Grants {
		j.inherited[g] = true
	}
	j.Templates = nil
	if b.joined == nil {
		b.joined = map[*Cluster]*Cluster{}
	}
	b.joined[c] = &j
	b.m.Clusters = append(b.m.Clusters, &j)
	return &j
}

// rootRun is where the module is, when it is the root of a tflint run:
// only a root module's relative paths mean what Terraform makes of them
// (a remote state's path is relative to where terraform runs).
func (b *builder) rootRun() (place, bool) {
	if b.locate == nil {
		return place{}, false
	}
	pl, ok := b.locate()
	return pl, ok && pl.root
}

// note adds one eksauth_context_unavailable note per directory.
func (b *builder) note(dir string, rng hcl.Range, msg string) {
	if b.noted[dir] {
		return
	}
	if b.noted == nil {
		b.noted = map[string]bool{}
	}
	b.noted[dir] = true
	if rng.Filename == "" {
		rng = b.m.Anchor()
	}
	b.m.Unavailable = append(b.m.Unavailable, Note{Range: rng, Message: msg})
}

// sibling reads the sibling root rel (relative to the linted module),
// saying once why when it cannot be read.
func (b *builder) sibling(pl place, rel string, rng hcl.Range, why string) *Root {
	shown := filepath.ToSlash(filepath.Clean(rel))
	abs := rel
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(pl.dir, rel)
	}
	if where, out := outside(pl.dir, abs); out {
		b.note(shown, rng, fmt.Sprintf("the root module %s %s is %s and is not read; access to its clusters was not checked", shown, why, where))
		return nil
	}
	r, err := readRoot(abs, shown, b.getenv(), b.topModel().calls)
	if err != nil {
		b.note(shown, rng, fmt.Sprintf("the root module %s %s cannot be read: %v; access to its clusters was not checked", shown, why, err))
		return nil
	}
	return r
}

func (b *builder) getenv() func(string) string {
	if b.m.options.Getenv != nil {
		return b.m.options.Getenv
	}
	return os.Getenv
}

// clusterRoots reads the plugin config's cluster_roots once per model:
// every remote state and cluster name asks for them, and each is checked
// against the repository on disk.
func (b *builder) clusterRoots(pl place) []*Root {
	if b.rootsRead {
		return b.roots
	}
	b.rootsRead = true
	for _, rel := range b.m.options.ClusterRoots {
		if r := b.sibling(pl, rel, hcl.Range{}, "named in cluster_roots"); r != nil {
			b.roots = append(b.roots, r)
		}
	}
	return b.roots
}

// checkRoots reads every cluster root of a root module run with
// Kubernetes providers, so one that cannot be read is said even when no
// path needed it.
func (b *builder) checkRoots() {
	if len(b.m.Providers) == 0 || len(b.m.options.ClusterRoots) == 0 {
		return
	}
	if pl, ok := b.rootRun(); ok {
		b.clusterRoots(pl)
	}
}

// remoteStateCluster follows data.terraform_remote_state.X.outputs.NAME to
// the root module that writes that state and its output NAME to a cluster.
// ok is false when the reference is not one it follows.
func (b *builder) remoteStateCluster(pr resolve.Ref, ref string) (c *Cluster, why string, ok bool) {
	pl, root := b.rootRun()
	if !root {
		return nil, "", false
	}
	addr := "data.terraform_remote_state." + pr.Name
	blk := b.mod.data[addr]
	if blk == nil {
		return nil, "", false
	}
	t := pr.Traversal
	if len(t) != 5 || pr.Key != cty.NilVal || pr.Attr != "outputs" {
		return nil, "the cluster comes from " + ref + ", which eksauth follows only as " + addr + ".outputs.NAME", true
	}
	out, isAttr := t[4].(hcl.TraverseAttr)
	if !isAttr {
		return nil, "the cluster comes from " + ref + ", which eksauth follows only as " + addr + ".outputs.NAME", true
	}
	if blockAttr(blk, "count") != nil || blockAttr(blk, "for_each") != nil {
		return nil, "the cluster comes from " + addr + ", which has count or for_each", true
	}
	if e := blockAttr(blk, "workspace"); e != nil {
		if ws := resolve.StringOf(b.r.Eval(e, nil)); ws.Kind != resolve.Known || ws.Text != "default" {
			return nil, "the cluster comes from " + addr + ", which reads a workspace other than default", true
		}
	}
	backend := resolve.StringOf(b.r.Eval(blockAttr(blk, "backend"), nil))
	if backend.Kind != resolve.Known {
		return nil, "the backend of " + addr + " cannot be resolved", true
	}
	cfg := b.r.Eval(blockAttr(blk, "config"), nil)
	field := func(name string) string {
		v, _ := resolve.Attr(cfg, name)
		if s := resolve.StringOf(v); s.Kind == resolve.Known {
			return s.Text
		}
		return ""
	}
	var state, rel string
	switch backend.Text {
	case "local":
		rel = field("path")
		if rel == "" {
			return nil, "the path of " + addr + " cannot be resolved", true
		}
		p := rel
		if !filepath.IsAbs(p) {
			p = filepath.Join(pl.dir, p)
		}
		state = "local:" + filepath.Clean(p)
	case "s3":
		if bucket, key := field("bucket"), field("key"); bucket != "" && key != "" {
			state = "s3:" + bucket + "/" + key
		}
	}
	// A cluster root the user named that writes this state is the answer;
	// otherwise a local state's directory holds its root.
	var r *Root
	for _, cr := range b.clusterRoots(pl) {
		if state != "" && cr.state == state {
			r = cr
			break
		}
	}
	if r == nil && backend.Text == "local" {
		dir := filepath.Dir(rel)
		abs := dir
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(pl.dir, dir)
		}
		if filepath.Clean(abs) == filepath.Clean(pl.dir) {
			return nil, "the cluster comes from " + addr + ", the state of this module itself", true
		}
		if r = b.sibling(pl, dir, attrRange(blk, "config"), "that "+addr+" reads"); r == nil {
			return nil, "the root module that " + addr + " reads cannot be read", true
		}
		if r.state != state {
			return nil, "the root module in " + r.Dir + " does not write the state " + addr + " reads; name the root that does in cluster_roots", true
		}
	}
	if r == nil {
		return nil, "the cluster comes from " + addr + " (backend " + strconv.Quote(backend.Text) + "), whose root module is not named in cluster_roots", true
	}
	c, why = r.output(out.Name)
	if c == nil {
		return nil, why, true
	}
	return b.join(c, r.Dir, "", "via "+ref), "", true
}

// namedCluster finds the one cluster named name in the cluster roots.
func (b *builder) namedCluster(v resolve.String) (*Cluster, string, bool) {
	pl, root := b.rootRun()
	if !root || v.Kind != resolve.Known || len(b.m.options.ClusterRoots) == 0 {
		return nil, "", false
	}
	var found *Cluster
	var in *Root
	for _, r := range b.clusterRoots(pl) {
		for _, c := range r.Model.Clusters {
			if c.Kind != ExternalCluster && c.Defined() && c.Name.Kind == resolve.Known && c.Name.Text == v.Text {
				if found != nil {
					return nil, "several clusters in cluster_roots are named " + v.Display(), true
				}
				found, in = c, r
			}
		}
	}
	if found == nil {
		return nil, "", false
	}
	return b.join(found, in.Dir, "", "by its name "+strconv.Quote(v.Text)), "", true
}

// childCluster follows module.NAME.OUTPUT, where NAME is a local module
// that is not itself terraform-aws-modules/eks, to the cluster the
// child's output carries. The child is read with the call's arguments as
// its variables (see callVars).
func (b *builder) childCluster(pr resolve.Ref, ref string) (*Cluster, string, bool) {
	if _, ok := b.reader(); !ok {
		return nil, "", false
	}
	call := b.call(pr.Name)
	if call == nil || !isLocalSource(literalString(blockAttr(call, "source"))) {
		return nil, "", false
	}
	addr := "module." + pr.Name
	if blockAttr(call, "count") != nil || blockAttr(call, "for_each") != nil {
		return nil, "the cluster comes from " + addr + ", which has count or for_each", true
	}
	if len(pr.Traversal) != 3 || pr.Key != cty.NilVal || pr.Attr == "" {
		return nil, "the cluster comes from " + ref + ", which eksauth follows only as " + addr + ".OUTPUT", true
	}
	ch := b.readChild(call)
	if ch.root == nil && ch.err == nil {
		return nil, "the cluster comes from " + addr + ", whose arguments refer to its own outputs", true
	}
	if ch.err != nil {
		return nil, "the cluster comes from " + addr + ", and " + ch.err.Error(), true
	}
	c, why := ch.root.output(pr.Attr)
	if c == nil {
		return nil, strings.Replace(why, ch.root.Dir, addr, 1), true
	}
	if b.holds(c) {
		// The child hands back a cluster of this module it was given.
		return c, "", true
	}
	return b.join(c, "", addr+"."+c.Addr, "via "+ref), "", true
}

// elsewhere is the part of clusterOf that looks beyond this module: a
// remote state's output, a local child's output, a cluster root's cluster
// of the same name. ok is false when nothing beyond applies.
func (b *builder) elsewhere(v resolve.String) (*Cluster, string, bool) {
	if ref, whole := symbol.Whole(v.Text); whole && v.Kind == resolve.Named {
		t, diags := hclsyntax.ParseTraversalAbs([]byte(ref), "", hcl.InitialPos)
		if diags.HasErrors() {
			return nil, "", false
		}
		switch pr := resolve.ParseRef(t); {
		case pr.Mode == resolve.Data && pr.Type == "terraform_remote_state":
			return b.remoteStateCluster(pr, ref)
		case pr.Mode == resolve.ModuleCall:
			return b.childCluster(pr, ref)
		}
		return nil, "", false
	}
	return b.namedCluster(v)
}
