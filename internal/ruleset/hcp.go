package ruleset

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
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
	// workspaces' lookup and the referenced workspaces' reads alike. It
	// also bounds evaluating their HCL variables, which every root run of
	// the process does again (the baseline's model, a second run under
	// tflint --fix), so it is never cancelled when the lookups are done:
	// that would turn those variables unknown in the later runs. Its
	// timer ends at the deadline, at most the timeout after the first
	// request. cancel is held, deliberately never called.
	deadline sync.Once
	ctx      context.Context
	cancel   context.CancelFunc

	// One reader serves the linted workspaces and the referenced ones, so
	// that the run connects (and pings the API) once. It is not closed
	// either: a second root run may still read a workspace the first did
	// not, and its deadline, within the run's, releases its timer.
	readerOnce sync.Once
	reader     *hcp.Reader

	mu   sync.Mutex
	read int // referenced workspaces read, up to maxReferenced
}

// hcpReader is the run's one reader, made on first use.
func (w *workspaces) hcpReader() *hcp.Reader {
	w.readerOnce.Do(func() { w.reader = hcp.NewReader(w.context(), w.cfg, hcp.OSEnv{}) })
	return w.reader
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
				w.result = append(w.result, convert(ws, nil))
			}
			return
		}
		res := w.hcpReader().Lookup(b.Backend)
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
			w.result = append(w.result, convert(ws, w.context()))
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

// convert turns a looked-up workspace into what the model needs. lookup
// is the run's deadline for HCP Terraform, which bounds evaluating the
// workspace's HCL variables too; nil for a workspace read from the
// configuration, which no lookup bounds.
func convert(w hcp.Workspace, lookup context.Context) model.Workspace {
	label := w.Label()
	mw := model.Workspace{
		Label:             label,
		Lookup:            lookup,
		Vars:              map[string]cty.Value{},
		VarFrom:           map[string]string{},
		KubernetesDynamic: w.KubernetesDynamicCredentials(),
		Agent:             w.ExecutionMode == "agent",
		LocalExecution:    w.ExecutionMode == "local",
	}
	for k, v := range w.Terraform {
		if v.HCL && !v.Sensitive {
			// Evaluated by the model, and only if the module reads it.
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

// maxReferenced bounds the workspaces one plugin process reads for
// references to their outputs: the linted configuration names them, and
// each costs three requests, a download of up to hcp.MaxArchiveBytes and
// a model built from it.
const maxReferenced = 8

// referenced finds a workspace the linted configuration takes its cluster
// from: its attributes and effective variables from the API, its
// configuration in the checkout the linted module is in when that holds
// the workspace's working directory, else its current configuration
// version. dir is the linted module's directory. The model asks once per
// workspace and keeps what it builds, so nothing is kept here but the
// count, and a downloaded configuration is freed once its model is built.
func (w *workspaces) referenced(ref model.WorkspaceRef, dir string) (*model.WorkspaceConfig, string) {
	if !w.cfg.Enabled {
		return nil, ""
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.read >= maxReferenced {
		return nil, fmt.Sprintf("HCP Terraform workspace %s not checked: this run already read %d other workspaces the clusters come from, the most eksauth reads in one run", ref.Label(), maxReferenced)
	}
	w.read++
	return w.readConfig(ref, dir)
}

func (w *workspaces) readConfig(ref model.WorkspaceRef, dir string) (*model.WorkspaceConfig, string) {
	src, warning := w.hcpReader().Read(hcp.Ref{Host: ref.Host, Organization: ref.Organization, Name: ref.Name})
	if src == nil {
		return nil, warning
	}
	cfg := &model.WorkspaceConfig{Label: "HCP Terraform workspace " + src.Label()}
	if src.ExecutionMode != "local" {
		// Its runs see its workspace variables and variable sets over its
		// values files and defaults, and its TF_VAR_ environment
		// variables under them; the lint job's own TF_VAR_ are not theirs.
		ws := convert(src.Workspace, w.context())
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
		cfg.Workspace = &ws
		// Not src, which would keep its downloaded configuration.
		env := src.Env
		cfg.Getenv = func(k string) string {
			if v, ok := env[k]; ok && !v.Sensitive {
				return v.Value
			}
			return ""
		}
	}
	if cfg.Checkout = inCheckout(dir, src.WorkingDirectory); cfg.Checkout != "" {
		return cfg, ""
	}
	c, warning := src.Download()
	if c == nil {
		return nil, warning
	}
	cfg.Files, cfg.Dir = c.Files, c.Dir
	return cfg, ""
}

// inCheckout is the workspace's working directory in the git checkout
// that holds dir, when the checkout has it: a monorepo holds every
// workspace's working directory, and reading it from disk downloads
// nothing. That the checkout is the workspace's VCS repository cannot be
// verified offline: a working directory of the same name is taken to be
// it, as the documentation says. The repository's root ("") is no
// evidence of that, so a workspace without a working directory is always
// downloaded.
func inCheckout(dir, wd string) string {
	if wd == "" || dir == "" {
		return ""
	}
	top := model.RepoTop(dir)
	if top == "" {
		return ""
	}
	// os.Root keeps the look inside the checkout, symbolic links included.
	root, err := os.OpenRoot(top)
	if err != nil {
		return ""
	}
	defer root.Close()
	if fi, err := root.Stat(wd); err != nil || !fi.IsDir() {
		return ""
	}
	if tf, _ := fs.Glob(root.FS(), path.Join(wd, "*.tf")); len(tf) == 0 {
		return ""
	}
	return filepath.Join(top, filepath.FromSlash(wd))
}
