package model

import (
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// DeclaredWorkspace is an HCP Terraform workspace as this configuration
// declares it with tfe_* resources: what its runs would get if the
// configuration had been applied as written.
type DeclaredWorkspace struct {
	Organization, Name string
	// ExecutionMode is "remote" (the tfe provider's default), "agent" or
	// "local".
	ExecutionMode string
	// Terraform and Env are the variables of each category, by key; the
	// workspace's own variables win over global variable sets'.
	Terraform map[string]DeclaredVariable
	Env       map[string]DeclaredVariable
}

// DeclaredVariable is one tfe_variable.
type DeclaredVariable struct {
	Key string
	// Value is "" when Sensitive: a sensitive value is never kept.
	Value string
	// Category is "terraform" or "env".
	Category       string
	Sensitive, HCL bool
	// From names the tfe_variable and where it is written.
	From string
}

// staticWorkspaces reads the HCP Terraform workspaces this configuration
// sets up itself with the tfe provider (tfe_workspace,
// tfe_workspace_settings, tfe_variable, tfe_variable_set): with no API
// token, they are still a source for the context the workspace's runs are. Only literal and
// variable values count; values from other resources are unknown.
func (m *Model) staticWorkspaces(mod *module, r *resolve.Resolver) []DeclaredWorkspace {
	type ws struct {
		w    DeclaredWorkspace
		addr string // "tfe_workspace.x" or "data.tfe_workspace.x"
	}
	var all []*ws
	byAddr := map[string]*ws{}
	str := func(b *hclext.Block, name string) (string, bool) {
		s := resolve.StringOf(r.Eval(blockAttr(b, name), nil))
		return s.Text, s.Kind == resolve.Known
	}
	add := func(addr string, b *hclext.Block) {
		name, ok := str(b, "name")
		if !ok {
			return
		}
		org, _ := str(b, "organization")
		w := &ws{addr: addr, w: DeclaredWorkspace{Organization: org, Name: name, ExecutionMode: "remote",
			Terraform: map[string]DeclaredVariable{}, Env: map[string]DeclaredVariable{}}}
		if mode, ok := str(b, "execution_mode"); ok && mode != "" {
			w.w.ExecutionMode = mode
		}
		all = append(all, w)
		byAddr[addr] = w
	}
	for key, b := range mod.data {
		if b.Labels[0] == "tfe_workspace" && strings.HasPrefix(key, "data.") {
			add("data.tfe_workspace."+b.Labels[1], b)
		}
	}
	for _, b := range mod.resources {
		if b.Labels[0] == "tfe_workspace" {
			add(blockAddr(b), b)
		}
	}
	if len(all) == 0 {
		return nil
	}
	// target names the workspace an argument like workspace_id refers to.
	target := func(b *hclext.Block, name string) *ws {
		s := resolve.StringOf(r.Eval(blockAttr(b, name), nil))
		ref, ok := symbol.Whole(s.Text)
		if !ok {
			return nil
		}
		for addr, w := range byAddr {
			if strings.HasPrefix(ref, addr+".") {
				return w
			}
		}
		return nil
	}
	sets := map[string]bool{} // global variable sets, by address
	for _, b := range mod.resources {
		switch b.Labels[0] {
		case "tfe_workspace_settings":
			if w := target(b, "workspace_id"); w != nil {
				if mode, ok := str(b, "execution_mode"); ok && mode != "" {
					w.w.ExecutionMode = mode
				}
			}
		case "tfe_variable_set":
			if on, ok := resolve.Bool(r.Eval(blockAttr(b, "global"), nil)); ok && on {
				sets[blockAddr(b)] = true
			}
		}
	}
	// Set variables first, so a workspace's own variables win.
	for _, pass := range []string{"variable_set_id", "workspace_id"} {
		for _, b := range mod.resources {
			if b.Labels[0] != "tfe_variable" || blockAttr(b, pass) == nil {
				continue
			}
			v := staticVariable(b, r)
			if v == nil {
				continue
			}
			var targets []*ws
			if pass == "workspace_id" {
				if w := target(b, pass); w != nil {
					targets = append(targets, w)
				}
			} else if s := resolve.StringOf(r.Eval(blockAttr(b, pass), nil)); s.Kind == resolve.Named {
				if ref, ok := symbol.Whole(s.Text); ok {
					for set := range sets {
						if strings.HasPrefix(ref, set+".") {
							v.From = "global variable set " + set + " (" + At(b.DefRange) + ")"
							targets = all
						}
					}
				}
			}
			for _, w := range targets {
				if v.Category == "env" {
					w.w.Env[v.Key] = *v
				} else {
					w.w.Terraform[v.Key] = *v
				}
			}
		}
	}
	out := make([]DeclaredWorkspace, 0, len(all))
	for _, w := range all {
		out = append(out, w.w)
	}
	return out
}

func staticVariable(b *hclext.Block, r *resolve.Resolver) *DeclaredVariable {
	key := resolve.StringOf(r.Eval(blockAttr(b, "key"), nil))
	if key.Kind != resolve.Known {
		return nil
	}
	v := &DeclaredVariable{Key: key.Text, Category: "terraform", From: blockAddr(b) + " (" + At(b.DefRange) + ")"}
	if c := resolve.StringOf(r.Eval(blockAttr(b, "category"), nil)); c.Kind == resolve.Known {
		v.Category = c.Text
	}
	if on, ok := resolve.Bool(r.Eval(blockAttr(b, "hcl"), nil)); ok {
		v.HCL = on
	}
	if on, ok := resolve.Bool(r.Eval(blockAttr(b, "sensitive"), nil)); ok && on {
		v.Sensitive = true
		return v
	}
	val := resolve.StringOf(r.Eval(blockAttr(b, "value"), nil))
	if val.Kind != resolve.Known {
		// A value from a resource (aws_iam_role.tfc.arn) is unknown here.
		v.Sensitive = val.Kind == resolve.Sensitive
		if !v.Sensitive {
			return nil
		}
		return v
	}
	v.Value = val.Text
	return v
}
