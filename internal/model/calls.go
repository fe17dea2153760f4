package model

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// A local child module is read by the root module run, from disk, with the
// call's arguments as its variables. It is read wherever its source
// points, relative to the calling module, with the bounds of every read
// from disk (modfiles, diskBudget, maxCalls) and nothing more: tflint
// itself reads and lints that directory when it loads local modules (its
// default call_module_type), so confining it to the repository as
// remote-state paths and cluster_roots are (see outside) would keep
// nothing from the configuration's author that tflint does not already
// read, and would hide the verdicts of every checkout without .git whose
// modules live above the linted module's parent. tflint runs the rules once more for
// each call, but a finding raised there survives only where the expression
// it points at refers to a variable the caller passed, and a reference to
// the caller's objects (module.eks.cluster_name) is unknown there. So what
// joins a child to its caller's clusters — a provider in the child that
// authenticates to the caller's cluster, an access entry in the child for
// it — is decided once, in the root run, where both sides are visible.
// The child's own run keeps what it decides alone.

// maxCallDepth bounds how deep the root run follows local calls: a child,
// its child and one more. Deeper nesting is rare and each level is a read
// of files from disk.
const maxCallDepth = 3

// maxCalls bounds the local calls one module run reads, at every depth
// together: each is a read of files from disk and a model built, and the
// configuration chooses how many there are.
const maxCalls = 64

// callerMark starts, in a child read from its caller, a reference the
// child's variables hold to one of the caller's objects: the same text in
// the child would name the child's own object.
const callerMark = symbol.CallerMark

// child is the model of a local child module as called from here.
type child struct {
	root *Root
	err  error
}

// calling is what a module read as a local child knows of its call.
type calling struct {
	caller *builder
	// addr is the call's address in the caller: module.platform.
	addr string
	// here is where the child's files are, for its own local calls.
	here  place
	depth int
	// frame is the call as tflint's run of the child sees it.
	frame *frame
	// vars are the child's variables as the call sets them, its
	// arguments evaluated by the caller's resolver r.
	vars func(r *resolve.Resolver) resolve.Vars
}

// contexts are a child's contexts: one for each of its caller's, so that
// its providers are checked wherever its caller runs (the local run, each
// execution role, each HCP Terraform workspace and phase), with the
// call's arguments as that context evaluates them. base is the child's
// resolver for the caller's local run.
func (c *calling) contexts(base *resolve.Resolver, locals map[string]hcl.Expression) []*Context {
	up := c.caller
	resolvers := map[*resolve.Resolver]*resolve.Resolver{up.r: base}
	mirror := map[*Context]*Context{}
	var out []*Context
	for _, uc := range up.m.Contexts {
		r, ok := resolvers[uc.resolver]
		if !ok {
			r = base
			if c.vars != nil && uc.resolver != nil {
				r = resolve.New(c.vars(uc.resolver), locals)
				r.ShareBudget(base)
			}
			resolvers[uc.resolver] = r
		}
		x := &Context{Name: uc.Name, Local: uc.Local, VarSource: uc.VarSource, Phase: uc.Phase,
			KubernetesDynamic: uc.KubernetesDynamic, ambient: uc.ambient, resolver: r, caller: uc}
		if r != base {
			x.argFrom = c.argFrom(uc)
		}
		if uc.Plan != nil {
			x.Plan = mirror[uc.Plan]
		}
		mirror[uc] = x
		out = append(out, x)
	}
	if len(out) == 0 {
		return contexts(Options{}, base)
	}
	return out
}

// reader is where this module's local calls are read from: a root module
// run's directory, or the directory of a child read from its caller.
func (b *builder) reader() (place, bool) {
	if b.calling != nil {
		return b.calling.here, b.calling.depth < maxCallDepth
	}
	if b.siblingAt != nil {
		return *b.siblingAt, true
	}
	return b.rootRun()
}

// localCalls reports whether the module calls a local module that may
// hold providers or grants of its own.
func (mod *module) localCalls() bool {
	for _, blk := range mod.modules {
		if isLocalSource(literalString(blockAttr(blk, "source"))) {
			return true
		}
	}
	return false
}

// readsCalls reports whether a module built with opts reads its local
// calls: a root module run, or a child read from its caller.
func readsCalls(opts Options) bool {
	if opts.calling != nil {
		return opts.calling.depth < maxCallDepth
	}
	if opts.sibling != nil {
		return true
	}
	if opts.locate == nil {
		return false
	}
	pl, ok := opts.locate()
	return ok && pl.root
}

// call returns the module call named name.
func (b *builder) call(name string) *hclext.Block {
	for _, blk := range b.mod.modules {
		if len(blk.Labels) == 1 && blk.Labels[0] == name {
			return blk
		}
	}
	return nil
}

// readChild reads the local child module of call once per model.
func (b *builder) readChild(call *hclext.Block) *child {
	name := call.Labels[0]
	if ch := b.children[name]; ch != nil {
		return ch
	}
	ch := &child{}
	if b.children == nil {
		b.children = map[string]*child{}
	}
	b.children[name] = ch
	pl, _ := b.reader()
	src := literalString(blockAttr(call, "source"))
	abs := filepath.Join(pl.dir, src)
	shown := filepath.ToSlash(filepath.Join(pl.shown, src))
	addr := "module." + name
	opts := Options{ExecutionRoles: b.m.options.ExecutionRoles, ClusterCreators: b.m.options.ClusterCreators, Getenv: b.m.options.Getenv}
	fr := &frame{call: call}
	opts.calling = &calling{caller: b, addr: addr, here: place{dir: abs, shown: shown}, depth: 1, frame: fr}
	if b.calling != nil {
		opts.calling.depth = b.calling.depth + 1
		opts.calling.addr = b.calling.addr + "." + addr
		fr.up = b.calling.frame
	}
	top := b.topModel()
	if *top.calls >= maxCalls {
		ch.err = fmt.Errorf("the module run already read %d local modules, and %s is not read", maxCalls, shown)
		return ch
	}
	*top.calls++
	opts.calls = top.calls
	before := b.made()
	mf, err := top.moduleFiles(abs, shown)
	ch.root, ch.err = moduleRoot(mf, err, abs, shown, opts, func(mf *modfiles.Module, content *hclext.BodyContent) resolve.Vars {
		fr.declared = map[string]bool{}
		for _, blk := range content.Blocks {
			if blk.Type == "variable" && len(blk.Labels) == 1 {
				fr.declared[blk.Labels[0]] = true
			}
		}
		top.addCallFiles(mf)
		opts.calling.vars = func(r *resolve.Resolver) resolve.Vars { return b.callVars(r, call, mf) }
		return opts.calling.vars(b.r)
	})
	var cm *Model
	if ch.root != nil {
		cm = ch.root.Model
		top.children = append(top.children, cm)
	}
	b.stamp(fr, before, cm)
	return ch
}

// made counts what each cluster of a module and of the modules further up
// holds: its grants and its templates.
type made map[*Cluster][2]int

func (b *builder) made() made {
	out := made{}
	for _, c := range b.chainClusters() {
		out[c] = [2]int{len(c.Grants), len(c.Templates)}
	}
	return out
}

// chainClusters are the clusters of this module and of the modules
// further up, to the module run's.
func (b *builder) chainClusters() []*Cluster {
	var out []*Cluster
	for x := b; x != nil; {
		out = append(out, x.m.Clusters...)
		if x.calling == nil {
			break
		}
		x = x.calling.caller
	}
	return out
}

// stamp marks as call fr's each grant and template that reading its
// child made: what the read added to a cluster of this module or of one
// further up (before says what they held), and what the child's own
// clusters hold. Another call of the same module makes its own, from the
// same lines, so whether the child's run of a call reports a finding is
// decided by that call's arguments (see Model.Reports). Those a deeper
// call made were stamped when it was read, and stay its own.
func (b *builder) stamp(fr *frame, before made, cm *Model) {
	cs := b.chainClusters()
	if cm != nil {
		cs = append(cs, cm.Clusters...)
	}
	for _, c := range cs {
		n := before[c]
		if n[0] <= len(c.Grants) {
			for _, g := range c.Grants[n[0]:] {
				if g.frame == nil {
					g.frame = fr
				}
			}
		}
		if n[1] <= len(c.Templates) {
			for _, t := range c.Templates[n[1]:] {
				if t.frame == nil {
					t.frame = fr
				}
			}
		}
	}
}

// moduleFiles reads the files of the local module in abs once per
// process: calls of one module differ in their arguments, so each is
// built on its own, from the same files.
func (m *Model) moduleFiles(abs, shown string) (*modfiles.Module, error) {
	return localFiles.read(abs, shown)
}

// topModel is the model of the module run that reads this module: the
// root module's.
func (b *builder) topModel() *Model {
	x := b
	for x.calling != nil {
		x = x.calling.caller
	}
	return x.m
}

// readCalls reads every local child module this module calls once (no
// count or for_each), so that its providers and grants that reach this
// module's clusters are judged here. Grants a child adds to a cluster of
// this module count for its verdicts; who reports their own findings is
// Reports' to say.
func (b *builder) readCalls() {
	if len(b.mod.modules) == 0 {
		return
	}
	if _, ok := b.reader(); !ok {
		return
	}
	for _, call := range b.mod.modules {
		if !b.readsWhole(call) {
			continue
		}
		b.prefixNew(call, func() {
			if ch := b.readChild(call); ch.root != nil {
				b.adopt(ch.root.Model)
			}
		})
	}
}

// readsWhole reports whether readCalls reads the local module call: one
// instance (no count or for_each), not a wrapper of
// terraform-aws-modules/eks (read as the cluster its inputs describe),
// from a module that reads its calls.
func (b *builder) readsWhole(call *hclext.Block) bool {
	if len(call.Labels) != 1 || !isLocalSource(literalString(blockAttr(call, "source"))) {
		return false
	}
	if k, _ := moduleKind(call); k != notEKS {
		return false
	}
	if blockAttr(call, "count") != nil || blockAttr(call, "for_each") != nil {
		return false
	}
	_, ok := b.reader()
	return ok
}

// here is where the module's files are: a child read from its caller, a
// sibling root, or tflint's module, relative to where tflint was started.
func (b *builder) here() (place, bool) {
	switch {
	case b.calling != nil:
		return b.calling.here, true
	case b.siblingAt != nil:
		return *b.siblingAt, true
	case b.locate != nil:
		return b.locate()
	}
	return place{}, false
}

// prefixNew runs read and names each grant it adds to a cluster of this
// module or of a module further up as call's (prefixed "module.access."),
// so messages say which module writes it. Only grants that reading call
// made are prefixed, by their frames (stamp sets them): reading a child
// may read a sibling call too (clusterAt), whose grants are that call's,
// named once by its own prefixNew.
func (b *builder) prefixNew(call *hclext.Block, read func()) {
	prefix := "module." + call.Labels[0] + "."
	before := map[*Cluster]int{}
	for x := b; x != nil; {
		for _, c := range x.m.Clusters {
			before[c] = len(c.Grants)
		}
		if x.calling == nil {
			break
		}
		x = x.calling.caller
	}
	read()
	for c, n := range before {
		for _, g := range c.Grants[n:] {
			if g.frame.within(call) {
				g.Source = prefix + g.Source
			}
		}
	}
}

// adopt takes from a child's model the paths of its providers that
// authenticate to a cluster of this module or of a module further up.
func (b *builder) adopt(cm *Model) {
	for _, p := range append(append([]*Path(nil), cm.Paths...), cm.lifted...) {
		if p.Cluster == nil || p.Cluster.Kind == ExternalCluster || cm.holds(p.Cluster) {
			continue
		}
		if b.holds(p.Cluster) || b.calling == nil {
			b.m.Paths = append(b.m.Paths, p)
			continue
		}
		b.m.lifted = append(b.m.lifted, p)
	}
}

// holds reports whether c is one of this model's clusters.
func (b *builder) holds(c *Cluster) bool { return b.m.holds(c) }

func (m *Model) holds(c *Cluster) bool {
	for _, x := range m.Clusters {
		if x == c {
			return true
		}
	}
	return false
}

// fromCaller finds, for a child read from its caller, the caller's
// cluster a value names: a reference the caller passed in
// (module.eks.cluster_name there), or a known name that only a cluster of
// the caller has. Only a cluster the caller defines or joins is taken: an
// answer the caller cannot give leaves the child to decide alone, as its
// own run does, and leaves the caller's model as it was.
func (b *builder) fromCaller(v resolve.String, depth int, rng hcl.Range, host bool) *Cluster {
	if b.calling == nil || depth > 4 {
		return nil
	}
	up := b.calling.caller
	switch ref, whole := symbol.Whole(v.Text); {
	case v.Kind == resolve.Named && whole && strings.HasPrefix(ref, callerMark):
		was := up.lookingUp
		up.lookingUp = true
		c, _ := up.clusterAt(up.r, resolve.String{Kind: resolve.Named, Text: symbol.Wrap(strings.TrimPrefix(ref, callerMark)), From: v.From}, depth+1, rng, host)
		up.lookingUp = was
		if c != nil && c.Kind != ExternalCluster {
			return c
		}
	case v.Kind == resolve.Known && !host:
		for x := up; x != nil; {
			for _, c := range x.m.Clusters {
				if c.Kind != ExternalCluster && c.Name.Kind == resolve.Known && c.Name.Text == v.Text {
					return c
				}
			}
			if x.calling == nil {
				break
			}
			x = x.calling.caller
		}
	}
	return nil
}

// argFrom says, for each argument of the call that passes one of the
// caller's variables on, where that variable is set in the caller's
// context uc, when uc sets it itself (an HCP Terraform workspace).
func (c *calling) argFrom(uc *Context) map[string]string {
	out := map[string]string{}
	for name, a := range c.frame.call.Body.Attributes {
		t, diags := hcl.AbsTraversalForExpr(a.Expr)
		if metaArgs[name] || diags.HasErrors() || len(t) != 2 || t.RootName() != "var" {
			continue
		}
		v, ok := t[1].(hcl.TraverseAttr)
		if !ok || uc.resolver == nil || !uc.resolver.Overridden(v.Name) {
			continue
		}
		if where := c.caller.m.varOrigin(uc, v.Name); where != "" {
			out[name] = "the module call's argument var." + v.Name + ", set by " + where
		}
	}
	return out
}

// metaArgs are the arguments of a module call that are not variables.
var metaArgs = map[string]bool{"source": true, "version": true, "providers": true, "count": true, "for_each": true, "depends_on": true}

// callVars are a child module's variables as a call sets them: its
// arguments evaluated here by r, else the child's defaults. A reference to
// this module's objects keeps its name, marked as the caller's (see
// callerMark): in the child the same text would mean the child's own. A
// variable the child declares sensitive is marked so whatever sets it, as
// Terraform marks it inside the child: its value is never shown and
// decides nothing.
func (b *builder) callVars(r *resolve.Resolver, call *hclext.Block, mf *modfiles.Module) resolve.Vars {
	out, sensitive := mf.Declared()
	for name, a := range call.Body.Attributes {
		if metaArgs[name] {
			continue
		}
		v := r.Eval(a.Expr, nil)
		if !resolve.IsSensitive(v) {
			v, _ = v.UnmarkDeep()
			v = markCaller(v)
		}
		out[name] = modfiles.Value{Val: v, Origin: "the call's argument"}
	}
	out.Sensitive(sensitive)
	return out
}

// markCaller marks each placeholder in v as naming the caller's object.
func markCaller(v cty.Value) cty.Value {
	out, err := cty.Transform(v, func(_ cty.Path, x cty.Value) (cty.Value, error) {
		if !x.IsKnown() || x.IsNull() || x.Type() != cty.String || !symbol.Contains(x.AsString()) {
			return x, nil
		}
		s := x.AsString()
		for _, ref := range symbol.Refs(s) {
			s = strings.ReplaceAll(s, symbol.Wrap(ref), symbol.Wrap(callerMark+ref))
		}
		return cty.StringVal(s), nil
	})
	if err != nil {
		return cty.DynamicVal
	}
	return out
}
