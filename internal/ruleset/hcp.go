package ruleset

import (
	"context"
	"fmt"
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
		res := hcp.Lookup(context.Background(), w.cfg, b.Backend, hcp.OSEnv{})
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
