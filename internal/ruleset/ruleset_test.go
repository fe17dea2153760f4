package ruleset

import (
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
)

// apply decodes a plugin block body the way tflint hands it over.
func apply(t *testing.T, src string, env map[string]string) (*RuleSet, error) {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(src), ".tflint.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	r := New(nil)
	content, diags := hclext.Content(f.Body, r.ConfigSchema())
	if diags.HasErrors() {
		// tflint decodes strictly: this is the error a user sees.
		return r, diags
	}
	r.getenv = func(k string) string { return env[k] }
	return r, r.ApplyConfig(content)
}

func TestApplyConfig(t *testing.T) {
	r, err := apply(t, `
execution_roles      = ["arn:aws:iam::111122223333:role/ci", "arn:aws:sts::111122223333:assumed-role/runner/i-0abc"]
cluster_creator_arns = ["arn:aws:iam::111122223333:role/admin"]
baseline_ref         = "origin/main"
only_changed_roles   = true
cluster_roots        = ["../cluster", "../platform/eks"]
hcp_terraform {
  enabled = true
  timeout = "3s"
}
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.options.ExecutionRoles) != 2 || len(r.options.ClusterCreators) != 1 || !r.options.OnlyChangedRoles || r.baselineRef != "origin/main" {
		t.Errorf("options = %+v, baseline %q", r.options, r.baselineRef)
	}
	if strings.Join(r.options.ClusterRoots, " ") != "../cluster ../platform/eks" {
		t.Errorf("cluster_roots = %q", r.options.ClusterRoots)
	}
	if r.hcp == nil || !r.hcp.cfg.Enabled || r.hcp.cfg.Timeout != 3*time.Second {
		t.Errorf("hcp = %+v", r.hcp)
	}
}

func TestApplyConfigDefaults(t *testing.T) {
	r, err := apply(t, ``, map[string]string{"EKSAUTH_BASELINE_REF": "origin/develop"})
	if err != nil {
		t.Fatal(err)
	}
	if r.hcp == nil || r.hcp.cfg.Enabled {
		t.Errorf("hcp_terraform must be off unless enabled")
	}
	if r.baselineRef != "origin/develop" {
		t.Errorf("EKSAUTH_BASELINE_REF not used: %q", r.baselineRef)
	}
}

func TestApplyConfigErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`execution_roles = ["not-an-arn"]`, `execution_roles[0] = "not-an-arn"`},
		{`cluster_creator_arns = ["arn:aws:iam::12:role/x"]`, `cluster_creator_arns[0]`},
		{`only_changed_roles = true`, `only_changed_roles needs a baseline`},
		{"hcp_terraform {\n  enabled = true\n  timeout = \"soon\"\n}", `timeout = "soon" is not a positive duration`},
		{`cluster_roots = ["../cluster", " "]`, `cluster_roots[1] is empty`},
		{`cluster_roots = "../cluster"`, `list of string required`},
		{`execution_role = ["arn:aws:iam::111122223333:role/ci"]`, `Unsupported argument`},
	} {
		_, err := apply(t, tc.src, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.src, err, tc.want)
		}
	}
}
