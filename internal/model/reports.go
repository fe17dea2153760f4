package model

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
)

// tflint runs the rules once for the root module and once more for each
// local module call, and keeps a finding raised in a call's run only where
// the expression at its range refers to a variable the caller passes, all
// the way up to an argument written in the root module; it then reports it
// at that argument. Anything else a call's run raises is dropped. So a
// finding about a grant written in a local child is the root run's to
// report exactly when the child's run would lose it: the two runs together
// report it once, at the place the user can fix.

// frame is a local module call as tflint's run of the child sees it.
type frame struct {
	call *hclext.Block
	// declared are the child's variables: only arguments that set one are
	// passed to the child's run.
	declared map[string]bool
	// up is the call of the module that makes this call; nil when the
	// root module makes it.
	up *frame
}

// callFile is a file of a local child module read by the root run. Many
// calls of one module read the same files: what a finding's call passes
// is the finding's Subject's to say, not the file's.
type callFile struct {
	src []byte
}

// addCallFiles records the files of a child module read by the run.
func (m *Model) addCallFiles(mf *modfiles.Module) {
	if m.callFiles == nil {
		m.callFiles = map[string]callFile{}
	}
	for _, f := range mf.Files {
		if f == nil || f.Body == nil {
			continue
		}
		name := f.Body.MissingItemRange().Filename
		if _, seen := m.callFiles[name]; !seen {
			m.callFiles[name] = callFile{src: f.Bytes}
		}
	}
}

// Subject is what a finding of a grant rule is about, a Grant or a
// Template, as one local module call made it: two calls of one module
// make two of each from the same lines, and pass it different arguments.
type Subject interface {
	// Call is the address of the local module call that made it
	// ("module.team", "module.platform.module.access"); "" for one the
	// module run makes itself.
	Call() string
	callFrame() *frame
}

// Reports says whether this run reports a finding about s at rng. A root
// module run reports what is written in its own files, and, in a local
// child's file, what tflint's run of s's call would drop. A child's own
// run always may: tflint decides there.
func (m *Model) Reports(s Subject, rng hcl.Range) bool {
	f, ok := m.callFiles[rng.Filename]
	if !ok {
		return true
	}
	var fr *frame
	if s != nil {
		fr = s.callFrame()
	}
	if fr == nil {
		// Not made by a call this run read: no run of a child can
		// report it.
		return true
	}
	expr, diags := hclext.ParseExpression(rng.SliceBytes(f.src), rng.Filename, rng.Start)
	if diags.HasErrors() {
		// Not an expression (a block's header): tflint keeps nothing of it
		// in the child's run.
		return true
	}
	for _, name := range varRefs(expr) {
		if fr.passes(name) {
			return false
		}
	}
	return true
}

// Local reports whether rng is in a file of this module run itself, the
// only files a fix can be applied to.
func (m *Model) Local(rng hcl.Range) bool {
	_, ok := m.callFiles[rng.Filename]
	return !ok
}

// GrantClusters are the clusters whose grants this run checks on their
// own (reserved groups, ARN forms, ignored lists): this module's and, for
// a root module run, those of the local child modules it reads. Reports
// says which findings are this run's.
func (m *Model) GrantClusters() []*Cluster {
	out := append([]*Cluster(nil), m.Clusters...)
	for _, cm := range m.children {
		out = append(out, cm.Clusters...)
	}
	return out
}

// addr is the call's address from the module run: module.platform.module.access.
func (f *frame) addr() string {
	if f == nil {
		return ""
	}
	a := "module." + f.call.Labels[0]
	if f.up != nil {
		a = f.up.addr() + "." + a
	}
	return a
}

// within reports whether the frame is call's or one of a call that
// call's child makes, further down.
func (f *frame) within(call *hclext.Block) bool {
	for ; f != nil; f = f.up {
		if f.call == call {
			return true
		}
	}
	return false
}

// passes reports whether tflint passes the child's variable name down
// from an argument written in the root module: the call sets it, and,
// for a call in a child, the argument refers to a variable its own
// caller passes.
func (f *frame) passes(name string) bool {
	if f == nil || !f.declared[name] {
		return false
	}
	a, ok := f.call.Body.Attributes[name]
	if !ok || metaArgs[name] {
		return false
	}
	if f.up == nil {
		return true
	}
	for _, n := range varRefs(a.Expr) {
		if f.up.passes(n) {
			return true
		}
	}
	return false
}

// varRefs are the names of the input variables expr refers to, as tflint
// lists them: none at all when any reference is not one Terraform accepts
// (a bare name such as a block's type).
func varRefs(expr hcl.Expression) []string {
	var out []string
	for _, t := range expr.Variables() {
		root := t.RootName()
		if len(t) < 2 && root != "self" {
			return nil
		}
		if root != "var" {
			continue
		}
		if a, ok := t[1].(hcl.TraverseAttr); ok {
			out = append(out, a.Name)
		}
	}
	return out
}
