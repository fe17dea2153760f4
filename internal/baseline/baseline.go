// Package baseline reads a module as it is at another git revision, so a
// pull request's lint job can say what changed: "this PR changes the role
// Terraform runs as for cluster X from A to B, and B is not granted". tflint
// only sees the working tree, so the files are read with git and the
// variables evaluated here from defaults, tfvars and TF_VAR_.
package baseline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"
)

// Snapshot is a module at a revision.
type Snapshot struct {
	// Ref is the revision as the user named it.
	Ref string
	// Missing is set when the module's directory did not exist at Ref:
	// everything in the current tree is new.
	Missing bool
	Files   []*hcl.File
	// Vars are the variable values a plan at Ref would have had without
	// command-line variables.
	Vars map[string]cty.Value
}

// Var implements resolve.Vars.
func (s *Snapshot) Var(name string, _ hcl.Traversal) cty.Value {
	if v, ok := s.Vars[name]; ok {
		return v
	}
	return cty.DynamicVal
}

// timeout bounds every git command: a lint job must not hang on a
// credential prompt or a huge repository.
const timeout = 20 * time.Second

// Load reads the module in dir as it is at ref. The errors say what to do.
func Load(dir, ref string, getenv func(string) string) (*Snapshot, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errors.New("git is not on PATH")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	top, err := git(abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git repository", dir)
	}
	top = strings.TrimSpace(top)
	if _, err := git(top, "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		msg := fmt.Sprintf("git revision %q does not exist here", ref)
		if out, _ := git(top, "rev-parse", "--is-shallow-repository"); strings.TrimSpace(out) == "true" {
			msg += " (this is a shallow clone: fetch the base, e.g. git fetch --depth=1 origin main, or check out with fetch-depth: 0)"
		}
		return nil, errors.New(msg)
	}
	realTop, _ := filepath.EvalSymlinks(top)
	realDir, _ := filepath.EvalSymlinks(abs)
	rel, err := filepath.Rel(realTop, realDir)
	if err != nil || strings.HasPrefix(rel, "..") {
		return nil, fmt.Errorf("%s is outside the repository %s", dir, top)
	}
	rel = filepath.ToSlash(rel)
	prefix := "."
	if rel != "." {
		prefix = rel + "/"
	}
	list, err := git(top, "ls-tree", "--name-only", "-z", ref, "--", prefix)
	if err != nil {
		return nil, fmt.Errorf("listing %s at %s: %v", dir, ref, err)
	}
	snap := &Snapshot{Ref: ref, Vars: map[string]cty.Value{}}
	var names []string
	for _, n := range strings.Split(list, "\x00") {
		if n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		snap.Missing = true
		return snap, nil
	}
	sort.Strings(names)
	var tfvars, auto []*hcl.File
	for _, n := range names {
		base := path.Base(n)
		isTF := strings.HasSuffix(base, ".tf") || strings.HasSuffix(base, ".tf.json")
		isVars := base == "terraform.tfvars" || base == "terraform.tfvars.json" || strings.HasSuffix(base, ".auto.tfvars") || strings.HasSuffix(base, ".auto.tfvars.json")
		if !isTF && !isVars || strings.HasSuffix(strings.TrimSuffix(base, ".json"), "_override.tf") {
			continue
		}
		src, err := git(top, "show", ref+":"+n)
		if err != nil {
			return nil, fmt.Errorf("reading %s at %s: %v", n, ref, err)
		}
		// Name files as tflint would, relative to the module, so ranges
		// read naturally in messages.
		f, diags := parse([]byte(src), ref+":"+n)
		if diags.HasErrors() {
			return nil, fmt.Errorf("%s at %s does not parse: %s", n, ref, diags.Error())
		}
		switch {
		case isTF:
			snap.Files = append(snap.Files, f)
		case strings.HasPrefix(base, "terraform.tfvars"):
			tfvars = append(tfvars, f)
		default:
			auto = append(auto, f)
		}
	}
	snap.Vars = values(snap.Files, append(tfvars, auto...), getenv)
	return snap, nil
}

func parse(src []byte, name string) (*hcl.File, hcl.Diagnostics) {
	if strings.HasSuffix(name, ".json") {
		return hcljson.Parse(src, name)
	}
	return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
}

// values evaluates variables the way Terraform does without -var: default,
// then TF_VAR_, then terraform.tfvars(.json), then *.auto.tfvars in
// lexical order, later ones winning. Sensitive variables stay marked.
func values(files, varFiles []*hcl.File, getenv func(string) string) map[string]cty.Value {
	if getenv == nil {
		getenv = os.Getenv
	}
	out := map[string]cty.Value{}
	sensitive := map[string]bool{}
	schema := &hclext.BodySchema{Blocks: []hclext.BlockSchema{{Type: "variable", LabelNames: []string{"name"},
		Body: &hclext.BodySchema{Attributes: []hclext.AttributeSchema{{Name: "default"}, {Name: "sensitive"}}}}}}
	for _, f := range files {
		c, _ := hclext.PartialContent(f.Body, schema)
		if c == nil {
			continue
		}
		for _, b := range c.Blocks {
			name := b.Labels[0]
			if a, ok := b.Body.Attributes["default"]; ok {
				if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
					out[name] = v
				}
			}
			if a, ok := b.Body.Attributes["sensitive"]; ok {
				if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() && v.True() {
					sensitive[name] = true
				}
			}
			if env := getenv("TF_VAR_" + name); env != "" {
				out[name] = cty.StringVal(env)
			}
		}
	}
	for _, f := range varFiles {
		attrs, diags := f.Body.JustAttributes()
		if diags.HasErrors() {
			continue
		}
		for name, a := range attrs {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() {
				out[name] = v
			}
		}
	}
	for name := range sensitive {
		if v, ok := out[name]; ok {
			out[name] = v.Mark(marks.Sensitive)
		}
	}
	return out
}

func git(dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return stdout.String(), nil
}
