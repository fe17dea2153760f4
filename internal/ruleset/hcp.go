package ruleset

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// HCPConfig is the plugin block's hcp_terraform block.
type HCPConfig struct {
	// Enabled opts in to network lookups; without it eksauth makes none.
	Enabled      bool     `hclext:"enabled,optional"`
	Address      string   `hclext:"address,optional"`
	Organization string   `hclext:"organization,optional"`
	Workspaces   []string `hclext:"workspaces,optional"`
	// Timeout bounds all lookups of one run, e.g. "10s".
	Timeout string `hclext:"timeout,optional"`
}

func (c *HCPConfig) config() (hcp.Config, error) {
	if c == nil || !c.Enabled {
		return hcp.Config{}, nil
	}
	cfg := hcp.Config{Enabled: true, Address: c.Address, Organization: c.Organization, Workspaces: c.Workspaces}
	if c.Timeout != "" {
		d, err := time.ParseDuration(c.Timeout)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf(`plugin "eksauth": hcp_terraform timeout = %q is not a positive duration such as "10s"`, c.Timeout)
		}
		cfg.Timeout = d
	}
	return cfg, nil
}

// workspaces looks the workspaces up once per plugin process (tflint
// starts one per module directory), whatever the number of modules and
// rules asking.
type workspaces struct {
	cfg      hcp.Config
	once     sync.Once
	result   []model.Workspace
	warnings []string

	// One deadline bounds every request of the run: the linted
	// workspaces' lookup and the referenced workspaces' reads alike.
	deadline sync.Once
	ctx      context.Context
	cancel   context.CancelFunc

	mu     sync.Mutex
	reader *hcp.Reader
	roots  map[model.WorkspaceRef]rootAnswer
}

// context is the run's deadline, started by the first request.
func (w *workspaces) context() context.Context {
	w.deadline.Do(func() {
		timeout := w.cfg.Timeout
		if timeout <= 0 {
			timeout = hcp.DefaultTimeout
		}
		w.ctx, w.cancel = context.WithTimeout(context.Background(), timeout)
	})
	return w.ctx
}

func (w *workspaces) lookup(b model.Backend) []model.Workspace {
	w.once.Do(func() {
		if !w.cfg.Enabled {
			// No network: only what the configuration declares itself.
			for _, ws := range staticFor(b, w.cfg) {
				w.result = append(w.result, convert(ws))
			}
			return
		}
		res := hcp.Lookup(w.context(), w.cfg, b.Backend, hcp.OSEnv{})
		w.warnings = res.Warnings
		if len(res.Workspaces) == 0 && len(res.Warnings) > 0 {
			if static := staticFor(b, w.cfg); len(static) > 0 {
				for i := range w.warnings {
					w.warnings[i] += "; checked with the workspace settings this configuration declares with tfe_* resources instead"
				}
				res.Workspaces = static
			}
		}
		for _, ws := range res.Workspaces {
			w.result = append(w.result, convert(ws))
		}
	})
	return w.result
}

// staticFor picks, from the workspaces the configuration sets up with
// tfe_* resources, those it runs in: named in the plugin config or the
// cloud/remote block.
func staticFor(b model.Backend, cfg hcp.Config) []hcp.Workspace {
	names := cfg.Workspaces
	if len(names) == 0 && b.Name != "" {
		names = []string{b.Name}
	}
	var out []hcp.Workspace
	for _, ws := range b.Static {
		for _, n := range names {
			if ws.Name == n {
				if ws.Organization == "" {
					ws.Organization = b.Organization
				}
				out = append(out, declared(ws))
			}
		}
	}
	return out
}

// declared reads a workspace the configuration declares as if the API had
// returned it, so that dynamic credentials and execution modes mean the
// same wherever they are written.
func declared(ws model.DeclaredWorkspace) hcp.Workspace {
	vars := func(m map[string]model.DeclaredVariable) map[string]hcp.Variable {
		out := make(map[string]hcp.Variable, len(m))
		for k, v := range m {
			out[k] = hcp.Variable(v)
		}
		return out
	}
	return hcp.Workspace{Organization: ws.Organization, Name: ws.Name, ExecutionMode: ws.ExecutionMode,
		Terraform: vars(ws.Terraform), Env: vars(ws.Env)}
}

// convert turns a looked-up workspace into what the model needs.
func convert(w hcp.Workspace) model.Workspace {
	label := w.Label()
	mw := model.Workspace{
		Label:             label,
		Vars:              map[string]cty.Value{},
		VarFrom:           map[string]string{},
		KubernetesDynamic: w.KubernetesDynamicCredentials(),
		Agent:             w.ExecutionMode == "agent",
		LocalExecution:    w.ExecutionMode == "local",
	}
	for k, v := range w.Terraform {
		if v.HCL && !v.Sensitive {
			// Evaluated by the model, and only if the module uses it.
			if mw.HCLVars == nil {
				mw.HCLVars = map[string]string{}
			}
			mw.HCLVars[k] = v.Value
		} else {
			mw.Vars[k] = variableValue(v)
		}
		mw.VarFrom[k] = v.From
	}
	mw.AWS = func(tag string) model.DynamicAWS {
		c := w.AWS(tag)
		if !c.Enabled {
			return model.DynamicAWS{}
		}
		return model.DynamicAWS{Enabled: true, Plan: roleOf(c.Plan, label), Apply: roleOf(c.Apply, label)}
	}
	return mw
}

// variableValue is a workspace variable as Terraform would see it:
// sensitive ones are never returned by the API.
func variableValue(v hcp.Variable) cty.Value {
	if v.Sensitive {
		return cty.DynamicVal.Mark(marks.Sensitive)
	}
	return cty.StringVal(v.Value)
}

func roleOf(v hcp.Variable, label string) model.Ambient {
	from := v.Key + " of HCP Terraform workspace " + label
	switch {
	case v.Key == "":
		return model.Ambient{ARN: resolve.String{Kind: resolve.Unknown}, From: "HCP Terraform workspace " + label}
	case v.Sensitive:
		return model.Ambient{ARN: resolve.String{Kind: resolve.Sensitive}, From: from}
	}
	return model.Ambient{ARN: resolve.String{Kind: resolve.Known, Text: v.Value}, From: from}
}

type rootAnswer struct {
	root    *model.Root
	warning string
}

// referenced reads a workspace the linted configuration takes its cluster
// from, once per plugin process: its attributes and effective variables
// from the API, its configuration from the checkout the linted module is
// in when that holds the workspace's working directory, else from its
// current configuration version. dir is the linted module's directory.
func (w *workspaces) referenced(ref model.WorkspaceRef, dir string) (*model.Root, string) {
	if !w.cfg.Enabled {
		return nil, ""
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if a, ok := w.roots[ref]; ok {
		return a.root, a.warning
	}
	if w.reader == nil {
		w.reader = hcp.NewReader(w.context(), w.cfg, hcp.OSEnv{})
	}
	root, warning := w.readRoot(ref, dir)
	if w.roots == nil {
		w.roots = map[model.WorkspaceRef]rootAnswer{}
	}
	w.roots[ref] = rootAnswer{root, warning}
	return root, warning
}

func (w *workspaces) readRoot(ref model.WorkspaceRef, dir string) (*model.Root, string) {
	src, warning := w.reader.Read(hcp.Ref{Host: ref.Host, Organization: ref.Organization, Name: ref.Name})
	if src == nil {
		return nil, warning
	}
	label := "HCP Terraform workspace " + src.Label()
	mod, warning := configuration(src, dir)
	if mod == nil {
		return nil, warning
	}
	root := &model.Root{Label: label, Files: mod.Files}
	// Its runs see its workspace variables and variable sets over its
	// values files and defaults; the lint job's own TF_VAR_ are not theirs.
	getenv := func(string) string { return "" }
	if src.ExecutionMode != "local" {
		ws := convert(src.Workspace)
		for k, v := range src.Env {
			name, ok := strings.CutPrefix(k, "TF_VAR_")
			if !ok || name == "" {
				continue
			}
			if _, set := src.Terraform[name]; !set && v.Sensitive {
				ws.Vars[name] = variableValue(v)
				ws.VarFrom[name] = v.From
			}
		}
		root.Workspace = &ws
		getenv = func(k string) string {
			if v, ok := src.Env[k]; ok && !v.Sensitive {
				return v.Value
			}
			return ""
		}
	}
	root.Vars = mod.Vars(getenv)
	for _, s := range mod.Skipped {
		root.Incomplete = append(root.Incomplete, s.String())
	}
	if mod.Diags.HasErrors() {
		root.Incomplete = append(root.Incomplete, "a file of "+label+" that does not parse")
	}
	return root, ""
}

// configuration reads the workspace's root module. A monorepo holds every
// workspace's working directory, so when the linted module's git checkout
// has that directory it is read from disk and no archive is downloaded.
// That the checkout is the workspace's VCS repository cannot be verified
// offline: a working directory of the same name is taken to be it, as the
// documentation says. The repository's root ("") is no evidence of that,
// so a workspace without a working directory is always downloaded.
func configuration(src *hcp.Source, dir string) (*modfiles.Module, string) {
	if src.WorkingDirectory != "" {
		if top := gitTop(dir); top != "" {
			if mod := fromCheckout(top, src.WorkingDirectory); mod != nil {
				return mod, ""
			}
		}
	}
	cfg, warning := src.Download()
	if cfg == nil {
		return nil, warning
	}
	prefix := src.Label() + ":"
	if cfg.Dir != "." {
		prefix += cfg.Dir + "/"
	}
	mod, err := modfiles.Read(cfg.Files, cfg.Dir, modfiles.Options{Prefix: prefix})
	if err != nil {
		return nil, fmt.Sprintf("HCP Terraform workspace %s not checked: its configuration cannot be read (%s)", src.Label(), err)
	}
	if len(mod.Files) == 0 {
		return nil, fmt.Sprintf("HCP Terraform workspace %s not checked: its configuration has no .tf files in %q", src.Label(), cfg.Dir)
	}
	return mod, ""
}

// gitTop is the top of the git work tree dir is in, "" when it is in none.
// It looks for .git (a directory, or the file of a linked worktree) rather
// than running git: no process, no repository configuration obeyed.
func gitTop(dir string) string {
	d, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		if fi, err := os.Lstat(filepath.Join(d, ".git")); err == nil && (fi.IsDir() || fi.Mode().IsRegular()) {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// fromCheckout reads the module in wd below top, or nil when there is none.
// os.Root keeps every file it opens, symbolic links included, inside top.
func fromCheckout(top, wd string) *modfiles.Module {
	root, err := os.OpenRoot(top)
	if err != nil {
		return nil
	}
	defer root.Close()
	if fi, err := root.Stat(wd); err != nil || !fi.IsDir() {
		return nil
	}
	mod, err := modfiles.Read(root.FS(), wd, modfiles.Options{})
	if err != nil || len(mod.Files) == 0 {
		return nil
	}
	return mod
}
