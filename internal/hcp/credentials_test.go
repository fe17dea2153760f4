package hcp_test

import (
	"reflect"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

const (
	roleRun   = "arn:aws:iam::111122223333:role/tfc-run"
	rolePlan  = "arn:aws:iam::111122223333:role/tfc-plan"
	roleApply = "arn:aws:iam::111122223333:role/tfc-apply"
	roleDef   = "arn:aws:iam::111122223333:role/tfc-default"
)

func env(vars ...hcp.Variable) hcp.Workspace {
	w := hcp.Workspace{Env: map[string]hcp.Variable{}}
	for _, v := range vars {
		v.Category = "env"
		w.Env[v.Key] = v
	}
	return w
}

func v(key, value string) hcp.Variable { return hcp.Variable{Key: key, Value: value, Category: "env"} }

func TestAWS(t *testing.T) {
	sensitive := hcp.Variable{Key: "TFC_AWS_APPLY_ROLE_ARN", Category: "env", Sensitive: true}
	tests := []struct {
		name        string
		ws          hcp.Workspace
		tag         string
		enabled     bool
		plan, apply string // keys of the variables expected; "" for none
	}{
		{name: "nothing set", ws: env()},
		{name: "role without auth is not enabled", ws: env(v("TFC_AWS_RUN_ROLE_ARN", roleRun))},
		{name: "auth false", ws: env(v("TFC_AWS_PROVIDER_AUTH", "false"), v("TFC_AWS_RUN_ROLE_ARN", roleRun))},
		{name: "run role for both phases", ws: env(v("TFC_AWS_PROVIDER_AUTH", "true"), v("TFC_AWS_RUN_ROLE_ARN", roleRun)),
			enabled: true, plan: "TFC_AWS_RUN_ROLE_ARN", apply: "TFC_AWS_RUN_ROLE_ARN"},
		{name: "auth is case-insensitive", ws: env(v("TFC_AWS_PROVIDER_AUTH", "TRUE"), v("TFC_AWS_RUN_ROLE_ARN", roleRun)),
			enabled: true, plan: "TFC_AWS_RUN_ROLE_ARN", apply: "TFC_AWS_RUN_ROLE_ARN"},
		{name: "per-phase roles", ws: env(v("TFC_AWS_PROVIDER_AUTH", "true"), v("TFC_AWS_RUN_ROLE_ARN", roleRun),
			v("TFC_AWS_PLAN_ROLE_ARN", rolePlan), v("TFC_AWS_APPLY_ROLE_ARN", roleApply)),
			enabled: true, plan: "TFC_AWS_PLAN_ROLE_ARN", apply: "TFC_AWS_APPLY_ROLE_ARN"},
		{name: "apply only, plan falls back to run", ws: env(v("TFC_AWS_PROVIDER_AUTH", "true"), v("TFC_AWS_RUN_ROLE_ARN", roleRun), v("TFC_AWS_APPLY_ROLE_ARN", roleApply)),
			enabled: true, plan: "TFC_AWS_RUN_ROLE_ARN", apply: "TFC_AWS_APPLY_ROLE_ARN"},
		{name: "empty plan role is unset", ws: env(v("TFC_AWS_PROVIDER_AUTH", "true"), v("TFC_AWS_RUN_ROLE_ARN", roleRun), v("TFC_AWS_PLAN_ROLE_ARN", "")),
			enabled: true, plan: "TFC_AWS_RUN_ROLE_ARN", apply: "TFC_AWS_RUN_ROLE_ARN"},
		{name: "enabled without a role", ws: env(v("TFC_AWS_PROVIDER_AUTH", "true")), enabled: true},
		{name: "sensitive auth counts as enabled", ws: env(hcp.Variable{Key: "TFC_AWS_PROVIDER_AUTH", Sensitive: true}, v("TFC_AWS_RUN_ROLE_ARN", roleRun)),
			enabled: true, plan: "TFC_AWS_RUN_ROLE_ARN", apply: "TFC_AWS_RUN_ROLE_ARN"},
		{name: "sensitive apply role", ws: env(v("TFC_AWS_PROVIDER_AUTH", "true"), v("TFC_AWS_RUN_ROLE_ARN", roleRun), sensitive),
			enabled: true, plan: "TFC_AWS_RUN_ROLE_ARN", apply: "TFC_AWS_APPLY_ROLE_ARN"},
		{name: "TFC_DEFAULT_ serves the default configuration", ws: env(v("TFC_DEFAULT_AWS_PROVIDER_AUTH", "true"), v("TFC_DEFAULT_AWS_RUN_ROLE_ARN", roleDef)),
			enabled: true, plan: "TFC_DEFAULT_AWS_RUN_ROLE_ARN", apply: "TFC_DEFAULT_AWS_RUN_ROLE_ARN"},
		{name: "explicit beats TFC_DEFAULT_", ws: env(v("TFC_DEFAULT_AWS_PROVIDER_AUTH", "true"), v("TFC_DEFAULT_AWS_RUN_ROLE_ARN", roleDef), v("TFC_AWS_RUN_ROLE_ARN", roleRun)),
			enabled: true, plan: "TFC_AWS_RUN_ROLE_ARN", apply: "TFC_AWS_RUN_ROLE_ARN"},
		{name: "default plan role beats explicit run role", ws: env(v("TFC_AWS_PROVIDER_AUTH", "true"), v("TFC_AWS_RUN_ROLE_ARN", roleRun), v("TFC_DEFAULT_AWS_PLAN_ROLE_ARN", rolePlan)),
			enabled: true, plan: "TFC_DEFAULT_AWS_PLAN_ROLE_ARN", apply: "TFC_AWS_RUN_ROLE_ARN"},
		{name: "tagged configuration", tag: "PROD", ws: env(v("TFC_AWS_PROVIDER_AUTH_PROD", "true"), v("TFC_AWS_RUN_ROLE_ARN_PROD", roleRun), v("TFC_AWS_APPLY_ROLE_ARN_PROD", roleApply)),
			enabled: true, plan: "TFC_AWS_RUN_ROLE_ARN_PROD", apply: "TFC_AWS_APPLY_ROLE_ARN_PROD"},
		{name: "tagged configuration with per-phase roles", tag: "PROD", ws: env(v("TFC_AWS_PROVIDER_AUTH_PROD", "true"), v("TFC_AWS_PLAN_ROLE_ARN_PROD", rolePlan), v("TFC_AWS_APPLY_ROLE_ARN_PROD", roleApply)),
			enabled: true, plan: "TFC_AWS_PLAN_ROLE_ARN_PROD", apply: "TFC_AWS_APPLY_ROLE_ARN_PROD"},
		{name: "untagged settings do not serve a tag", tag: "PROD", ws: env(v("TFC_AWS_PROVIDER_AUTH", "true"), v("TFC_AWS_RUN_ROLE_ARN", roleRun))},
		{name: "tagged settings do not serve the default configuration", ws: env(v("TFC_AWS_PROVIDER_AUTH_PROD", "true"), v("TFC_AWS_RUN_ROLE_ARN_PROD", roleRun))},
		{name: "TFC_DEFAULT_ serves a tag", tag: "PROD", ws: env(v("TFC_AWS_PROVIDER_AUTH_PROD", "true"), v("TFC_DEFAULT_AWS_RUN_ROLE_ARN", roleDef)),
			enabled: true, plan: "TFC_DEFAULT_AWS_RUN_ROLE_ARN", apply: "TFC_DEFAULT_AWS_RUN_ROLE_ARN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.ws.AWS(tt.tag)
			want := hcp.AWSCredentials{Enabled: tt.enabled, Plan: tt.ws.Env[tt.plan], Apply: tt.ws.Env[tt.apply]}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("AWS(%q) = %+v\nwant %+v", tt.tag, got, want)
			}
			if got.Apply.Sensitive && got.Apply.Value != "" {
				t.Errorf("sensitive role has a value")
			}
		})
	}
}

func TestKubernetesDynamicCredentials(t *testing.T) {
	tests := []struct {
		ws   hcp.Workspace
		want bool
	}{
		{env(), false},
		{env(v("TFC_KUBERNETES_PROVIDER_AUTH", "true")), true},
		{env(v("TFC_KUBERNETES_PROVIDER_AUTH", "false")), false},
		{env(v("TFC_DEFAULT_KUBERNETES_PROVIDER_AUTH", "true")), true},
		{env(v("TFC_KUBERNETES_PROVIDER_AUTH", "false"), v("TFC_DEFAULT_KUBERNETES_PROVIDER_AUTH", "true")), false},
		{hcp.Workspace{Terraform: map[string]hcp.Variable{"TFC_KUBERNETES_PROVIDER_AUTH": {Key: "TFC_KUBERNETES_PROVIDER_AUTH", Value: "true", Category: "terraform"}}}, false},
	}
	for i, tt := range tests {
		if got := tt.ws.KubernetesDynamicCredentials(); got != tt.want {
			t.Errorf("%d: %v, want %v", i, got, tt.want)
		}
	}
}

// TestAWSThroughAPI reads per-phase credentials assembled from a
// workspace variable and variable sets, with a sensitive role.
func TestAWSThroughAPI(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod", Project: "platform"})
	srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"})
	srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "aws-roles", Projects: []string{"platform"}, Vars: []hcptest.Var{
		{Key: "TFC_AWS_PLAN_ROLE_ARN", Value: rolePlan, Category: "env"},
		{Key: "TFC_AWS_APPLY_ROLE_ARN", Value: roleApply, Category: "env", Sensitive: true},
	}})
	srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "aws-defaults", Global: true, Vars: []hcptest.Var{
		{Key: "TFC_AWS_PLAN_ROLE_ARN", Value: roleDef, Category: "env"},
		{Key: "TFC_AWS_PROVIDER_AUTH_PROD", Value: "true", Category: "env"},
		{Key: "TFC_AWS_RUN_ROLE_ARN_PROD", Value: roleRun, Category: "env"},
	}})
	res := lookup(t, srv, config(srv), cloud.Backend{Name: "eks-prod"}, tokenEnv(t, srv))
	if len(res.Workspaces) != 1 {
		t.Fatalf("got %+v", res)
	}
	w := res.Workspaces[0]
	got := w.AWS("")
	want := hcp.AWSCredentials{
		Enabled: true,
		Plan:    hcp.Variable{Key: "TFC_AWS_PLAN_ROLE_ARN", Value: rolePlan, Category: "env", From: `variable set "aws-roles" (project)`},
		Apply:   hcp.Variable{Key: "TFC_AWS_APPLY_ROLE_ARN", Category: "env", Sensitive: true, From: `variable set "aws-roles" (project)`},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("AWS(\"\") = %+v\nwant %+v", got, want)
	}
	prod := w.AWS("PROD")
	if !prod.Enabled || prod.Plan.Value != roleRun || prod.Apply.Value != roleRun || prod.Plan.From != `variable set "aws-defaults" (global)` {
		t.Errorf("AWS(\"PROD\") = %+v", prod)
	}
}
