package hcp_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

// testTimeout keeps hanging cases fast; margin is what a lookup may take
// past its deadline to wind down.
const (
	testTimeout = time.Second
	margin      = 2 * time.Second
)

func config(srv *hcptest.Server) hcp.Config {
	return hcp.Config{Enabled: true, Address: srv.URL, Organization: "acme", Timeout: testTimeout}
}

func tokenEnv(t *testing.T, srv *hcptest.Server) hcptest.Env {
	return hcptest.Env{Vars: map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": srv.URL}, Home: t.TempDir()}
}

func names(ws []hcp.Workspace) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Label())
	}
	return out
}

// lookup runs Lookup and checks what every lookup must hold: it ends
// within its deadline, no warning carries the token, and every warning is
// one line.
func lookup(t *testing.T, srv *hcptest.Server, cfg hcp.Config, b cloud.Backend, env hcptest.Env) hcp.Result {
	t.Helper()
	start := time.Now()
	res := hcp.Lookup(context.Background(), cfg, b, env)
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = hcp.DefaultTimeout
	}
	if d := time.Since(start); d > timeout+margin {
		t.Errorf("Lookup took %s, deadline %s", d, timeout)
	}
	for _, w := range res.Warnings {
		if srv != nil && strings.Contains(w, srv.Token) {
			t.Errorf("warning carries the token: %s", w)
		}
		if strings.ContainsAny(w, "\n\r") {
			t.Errorf("warning spans lines: %q", w)
		}
	}
	return res
}

func TestLookupReadsWorkspace(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod", ExecutionMode: "agent", AgentPool: "apool-123", Project: "platform"})
	srv.AddVariable(id, hcptest.Var{Key: "region", Value: "eu-west-1"})
	srv.AddVariable(id, hcptest.Var{Key: "db_password", Value: "hunter2", Sensitive: true})
	srv.AddVariable(id, hcptest.Var{Key: "AWS_REGION", Value: "eu-west-1", Category: "env"})
	srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "tags", Global: true,
		Vars: []hcptest.Var{{Key: "tags", Value: `{team = "eks"}`, HCL: true}}})

	cfg := config(srv)
	cfg.Workspaces = []string{"eks-prod"}
	res := lookup(t, srv, cfg, cloud.Backend{}, tokenEnv(t, srv))
	if len(res.Warnings) != 0 || len(res.Workspaces) != 1 {
		t.Fatalf("got %+v", res)
	}
	got := res.Workspaces[0]
	want := hcp.Workspace{
		Organization: "acme", Name: "eks-prod", ID: id, ExecutionMode: "agent", AgentPool: "apool-123", Project: "platform",
		Terraform: map[string]hcp.Variable{
			"region":      {Key: "region", Value: "eu-west-1", Category: "terraform", From: "workspace variable"},
			"db_password": {Key: "db_password", Category: "terraform", Sensitive: true, From: "workspace variable"},
			"tags":        {Key: "tags", Value: `{team = "eks"}`, Category: "terraform", HCL: true, From: `variable set "tags" (global)`},
		},
		Env: map[string]hcp.Variable{
			"AWS_REGION": {Key: "AWS_REGION", Value: "eu-west-1", Category: "env", From: "workspace variable"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if got.Label() != "acme/eks-prod" {
		t.Errorf("Label() = %q", got.Label())
	}
}

func TestLookupDisabledMakesNoRequest(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	cfg := config(srv)
	cfg.Enabled = false
	res := lookup(t, srv, cfg, cloud.Backend{Kind: "cloud", Organization: "acme", Name: "eks-prod"}, tokenEnv(t, srv))
	if !reflect.DeepEqual(res, hcp.Result{}) {
		t.Errorf("got %+v", res)
	}
	if n := srv.Requests(); n != 0 {
		t.Errorf("%d requests: %v", n, srv.Log())
	}
}

func TestLookupSelection(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod", Tags: []string{"eks", "env:prod"}, Project: "platform"})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-dev", Tags: []string{"eks"}, Project: "sandbox"})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "kv-prod", TagBindings: map[string]string{"env": "prod", "team": "eks"}})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "kv-dev", TagBindings: map[string]string{"env": "dev", "team": "eks"}})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "app-blue"})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "app-green"})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "myapp-red"})
	srv.AddWorkspace(hcptest.Workspace{Organization: "other", Name: "eks-prod"})

	base := hcp.Config{Enabled: true, Timeout: testTimeout}
	tests := []struct {
		name string
		cfg  func(hcp.Config) hcp.Config
		b    cloud.Backend
		env  map[string]string
		want []string
	}{
		{"config names win over backend", func(c hcp.Config) hcp.Config {
			c.Workspaces = []string{"app-blue", "eks-dev", "app-blue"}
			return c
		}, cloud.Backend{Kind: "cloud", Organization: "acme", Name: "eks-prod"}, nil, []string{"acme/app-blue", "acme/eks-dev"}},
		{"config organization wins", func(c hcp.Config) hcp.Config {
			c.Organization = "other"
			return c
		}, cloud.Backend{Kind: "cloud", Organization: "acme", Name: "eks-prod"}, nil, []string{"other/eks-prod"}},
		{"backend name", nil, cloud.Backend{Kind: "cloud", Organization: "acme", Name: "eks-prod", Tags: []string{"ignored"}}, nil, []string{"acme/eks-prod"}},
		{"backend tags", nil, cloud.Backend{Kind: "cloud", Organization: "acme", Tags: []string{"eks"}}, nil, []string{"acme/eks-dev", "acme/eks-prod"}},
		{"flat tag with a colon", nil, cloud.Backend{Kind: "cloud", Organization: "acme", Tags: []string{"env:prod"}}, nil, []string{"acme/eks-prod"}},
		{"tags and project", nil, cloud.Backend{Kind: "cloud", Organization: "acme", Tags: []string{"eks"}, Project: "sandbox"}, nil, []string{"acme/eks-dev"}},
		{"tags and TF_CLOUD_PROJECT", nil, cloud.Backend{Kind: "cloud", Organization: "acme", Tags: []string{"eks"}},
			map[string]string{"TF_CLOUD_PROJECT": "platform"}, []string{"acme/eks-prod"}},
		{"key-value tags", nil, cloud.Backend{Kind: "cloud", Organization: "acme", Tags: []string{"env:prod", "team:eks"}, KeyValueTags: true}, nil, []string{"acme/kv-prod"}},
		{"key-value tag without value", nil, cloud.Backend{Kind: "cloud", Organization: "acme", Tags: []string{"team"}, KeyValueTags: true}, nil, []string{"acme/kv-dev", "acme/kv-prod"}},
		{"remote prefix keeps names that start with it", nil, cloud.Backend{Kind: "remote", Organization: "acme", Prefix: "app-"}, nil, []string{"acme/app-blue", "acme/app-green"}},
		{"TF_WORKSPACE and TF_CLOUD_ORGANIZATION", nil, cloud.Backend{Kind: "cloud"},
			map[string]string{"TF_WORKSPACE": "eks-dev", "TF_CLOUD_ORGANIZATION": "acme"}, []string{"acme/eks-dev"}},
		{"backend organization beats TF_CLOUD_ORGANIZATION", nil, cloud.Backend{Kind: "cloud", Organization: "other", Name: "eks-prod"},
			map[string]string{"TF_CLOUD_ORGANIZATION": "acme"}, []string{"other/eks-prod"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			if tt.cfg != nil {
				cfg = tt.cfg(cfg)
			}
			env := tokenEnv(t, srv)
			env.Vars["TFE_ADDRESS"] = srv.URL
			for k, v := range tt.env {
				env.Vars[k] = v
			}
			res := lookup(t, srv, cfg, tt.b, env)
			if len(res.Warnings) != 0 {
				t.Errorf("warnings: %q", res.Warnings)
			}
			if got := names(res.Workspaces); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLookupSelectionWarnings(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod", Tags: []string{"eks"}})
	tests := []struct {
		name string
		cfg  hcp.Config
		b    cloud.Backend
		want string
	}{
		{"no organization", hcp.Config{Enabled: true, Address: srv.URL}, cloud.Backend{Name: "eks-prod"}, "no organization; set hcp_terraform organization"},
		{"no workspace", config(srv), cloud.Backend{}, "no workspace in organization acme is selected"},
		{"bad address", hcp.Config{Enabled: true, Address: "ftp://x", Organization: "acme"}, cloud.Backend{Name: "eks-prod"}, `address "ftp://x" is not an http(s) URL`},
		{"address with a password", hcp.Config{Enabled: true, Address: "https://me:hunter2@tfe.example.com", Organization: "acme"}, cloud.Backend{Name: "eks-prod"}, "the address has user information in it"},
		{"no tagged workspace", config(srv), cloud.Backend{Tags: []string{"nope"}}, `HCP Terraform workspaces in acme tagged "nope" not checked: ` + srv.URL + " lists no such workspace"},
		{"no prefixed workspace", config(srv), cloud.Backend{Kind: "remote", Prefix: "app-"}, `HCP Terraform workspaces acme/app-* (remote backend prefix) not checked`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := lookup(t, srv, tt.cfg, tt.b, tokenEnv(t, srv))
			if len(res.Workspaces) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], tt.want) {
				t.Errorf("got %+v, want one warning with %q", res, tt.want)
			}
			if strings.Contains(strings.Join(res.Warnings, ""), "hunter2") {
				t.Errorf("a password in the address is repeated")
			}
		})
	}
}

func TestLookupAddress(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	host := strings.TrimPrefix(srv.URL, "http://")
	tests := []struct {
		name string
		cfg  string
		b    cloud.Backend
		env  map[string]string
		ok   bool
	}{
		{"config address", srv.URL, cloud.Backend{Hostname: "unused.invalid"}, nil, true},
		{"TFE_ADDRESS", "", cloud.Backend{}, map[string]string{"TFE_ADDRESS": srv.URL}, true},
		{"backend hostname beats TFE_ADDRESS", "", cloud.Backend{Hostname: "127.0.0.1:1"}, map[string]string{"TFE_ADDRESS": srv.URL}, false},
		{"TF_CLOUD_HOSTNAME beats TFE_ADDRESS for a cloud block", "", cloud.Backend{Kind: "cloud"}, map[string]string{"TF_CLOUD_HOSTNAME": "127.0.0.1:1", "TFE_ADDRESS": srv.URL}, false},
		{"TF_CLOUD_HOSTNAME is not read for the remote backend", "", cloud.Backend{Kind: "remote"}, map[string]string{"TF_CLOUD_HOSTNAME": "127.0.0.1:1", "TFE_ADDRESS": srv.URL}, true},
		{"TFE_HOSTNAME is https", "", cloud.Backend{}, map[string]string{"TFE_HOSTNAME": host, "TFE_ADDRESS": ""}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := tokenEnv(t, srv)
			for k, v := range tt.env {
				env.Vars[k] = v
			}
			tt.b.Name, tt.b.Organization = "eks-prod", "acme"
			res := lookup(t, srv, hcp.Config{Enabled: true, Address: tt.cfg, Timeout: testTimeout}, tt.b, env)
			if ok := len(res.Workspaces) == 1 && len(res.Warnings) == 0; ok != tt.ok {
				t.Errorf("read = %v, want %v: %+v", ok, tt.ok, res)
			}
		})
	}
}

func TestLookupPagination(t *testing.T) {
	srv := hcptest.New(t)
	srv.SetPageSize(2)
	var ids []string
	for i := range 5 {
		ids = append(ids, srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: fmt.Sprintf("eks-%d", i), Tags: []string{"eks"}}))
	}
	for i := range 5 {
		srv.AddVariable(ids[0], hcptest.Var{Key: fmt.Sprintf("v%d", i), Value: "ws"})
		srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: fmt.Sprintf("set-%d", i), Workspaces: []string{ids[0]},
			Vars: []hcptest.Var{{Key: fmt.Sprintf("s%d", i), Value: "set"}}})
	}
	res := lookup(t, srv, config(srv), cloud.Backend{Tags: []string{"eks"}}, tokenEnv(t, srv))
	if len(res.Warnings) != 0 {
		t.Fatalf("warnings: %q", res.Warnings)
	}
	if got := names(res.Workspaces); len(got) != 5 {
		t.Fatalf("workspaces %v, want all 5 across 3 pages", got)
	}
	first := res.Workspaces[0]
	if len(first.Terraform) != 10 {
		t.Errorf("%s has %d variables, want 5 of its own and 5 from sets across pages: %v", first.Label(), len(first.Terraform), first.Terraform)
	}
	// 3 pages of workspaces, then per workspace 1 page of variables and
	// 1 of sets, but 3 + 3 for the first one.
	if got, want := srv.Requests()-srv.Pings(), 3+2*4+6; got != want {
		t.Errorf("%d requests, want %d: %q", got, want, srv.Log())
	}
}

// TestLookupRequestBudget holds the common case to at most 4 requests per
// workspace besides go-tfe's one ping.
func TestLookupRequestBudget(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(*hcp.Config)
		b    cloud.Backend
		n    int
	}{
		{"by name", nil, cloud.Backend{Name: "eks-0"}, 1},
		{"by config names", func(c *hcp.Config) { c.Workspaces = []string{"eks-0", "eks-1", "eks-2"} }, cloud.Backend{}, 3},
		{"by tags", nil, cloud.Backend{Tags: []string{"eks"}}, 3},
		{"by tags and project", nil, cloud.Backend{Tags: []string{"eks"}, Project: "platform"}, 3},
		{"by prefix", nil, cloud.Backend{Kind: "remote", Prefix: "eks-"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hcptest.New(t)
			for i := range 3 {
				id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: fmt.Sprintf("eks-%d", i), Tags: []string{"eks"}, Project: "platform"})
				srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"})
				srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: fmt.Sprintf("creds-%d", i), Workspaces: []string{id},
					Vars: []hcptest.Var{{Key: "TFC_AWS_RUN_ROLE_ARN", Value: "arn:aws:iam::111122223333:role/tfc", Category: "env"}}})
			}
			srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "global", Global: true, Vars: []hcptest.Var{{Key: "g", Value: "1"}}})
			cfg := config(srv)
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			res := lookup(t, srv, cfg, tt.b, tokenEnv(t, srv))
			if len(res.Warnings) != 0 || len(res.Workspaces) != tt.n {
				t.Fatalf("got %+v", res)
			}
			if srv.Pings() != 1 {
				t.Errorf("%d pings, want 1", srv.Pings())
			}
			if got := srv.Requests() - srv.Pings(); got > 4*tt.n {
				t.Errorf("%d requests for %d workspaces: %q", got, tt.n, srv.Log())
			}
		})
	}
}

func TestLookupRetriesRateLimit(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "region", Value: "eu-west-1"})
	srv.Fail(hcptest.VarsPath(id), hcptest.Failure{Status: 429, Times: 1})
	cfg := config(srv)
	cfg.Timeout = 5 * time.Second
	res := lookup(t, srv, cfg, cloud.Backend{Name: "eks-prod"}, tokenEnv(t, srv))
	if len(res.Warnings) != 0 || len(res.Workspaces) != 1 || res.Workspaces[0].Terraform["region"].Value != "eu-west-1" {
		t.Errorf("one 429 should be retried: %+v", res)
	}
}

func TestLookupFailures(t *testing.T) {
	const ws = "HCP Terraform workspace acme/eks-prod not checked: "
	tests := []struct {
		name    string
		pattern func(id string) string
		fail    hcptest.Failure
		want    []string
	}{
		{"401 on read", func(string) string { return hcptest.WorkspacePath("acme", "eks-prod") }, hcptest.Status(401),
			[]string{ws, "rejected the API token from TFE_TOKEN (401 Unauthorized) while reading the workspace; set TFE_TOKEN to a valid token"}},
		{"404 on read", func(string) string { return hcptest.WorkspacePath("acme", "eks-prod") }, hcptest.Status(404),
			[]string{ws, "404 Not Found while reading the workspace", "may not read it"}},
		{"404 on variables", hcptest.VarsPath, hcptest.Status(404),
			[]string{ws, "404 Not Found while listing the workspace's variables"}},
		{"429 until the deadline", hcptest.VarsetsPath, hcptest.Status(429),
			[]string{ws, "kept answering 429 Too Many Requests while listing the variable sets applied to the workspace until the hcp_terraform timeout (1s) ran out"}},
		{"500", hcptest.VarsPath, hcptest.Status(500),
			[]string{ws, "answered 500 Internal Server Error while listing the workspace's variables; the service may be down"}},
		{"503 on read", func(string) string { return hcptest.WorkspacePath("acme", "eks-prod") }, hcptest.Status(503),
			[]string{ws, "answered 503 Service Unavailable while reading the workspace"}},
		{"403", hcptest.VarsetsPath, hcptest.Status(403),
			[]string{ws, "answered 403 Forbidden while listing the variable sets"}},
		{"hang on read", func(string) string { return hcptest.WorkspacePath("acme", "eks-prod") }, hcptest.Hang,
			[]string{ws, "no answer from", "within the hcp_terraform timeout (1s) while reading the workspace"}},
		{"hang on variable sets", hcptest.VarsetsPath, hcptest.Hang,
			[]string{ws, "within the hcp_terraform timeout (1s) while listing the variable sets"}},
		{"hang on ping", func(string) string { return hcptest.PingPath }, hcptest.Hang,
			[]string{ws, "within the hcp_terraform timeout (1s) while connecting to the API"}},
		{"malformed workspace", func(string) string { return hcptest.WorkspacePath("acme", "eks-prod") }, hcptest.Malformed,
			[]string{ws, "is not what the HCP Terraform API sends", "while reading the workspace"}},
		{"malformed variables", hcptest.VarsPath, hcptest.Malformed,
			[]string{ws, "is not what the HCP Terraform API sends", "while listing the workspace's variables"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := hcptest.New(t)
			id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
			srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"})
			srv.Fail(tt.pattern(id), tt.fail)
			res := lookup(t, srv, config(srv), cloud.Backend{Name: "eks-prod"}, tokenEnv(t, srv))
			if len(res.Workspaces) != 0 {
				t.Errorf("a workspace that failed is in the result: %+v", res.Workspaces)
			}
			if len(res.Warnings) != 1 {
				t.Fatalf("want one warning, got %q", res.Warnings)
			}
			for _, want := range tt.want {
				if !strings.Contains(res.Warnings[0], want) {
					t.Errorf("warning %q\nlacks %q", res.Warnings[0], want)
				}
			}
		})
	}
}

func TestLookupFailuresWithoutServer(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	tests := []struct {
		name string
		cfg  hcp.Config
		env  hcptest.Env
		want string
	}{
		{"no token", config(srv), hcptest.Env{Home: t.TempDir()},
			`HCP Terraform workspace acme/eks-prod not checked: no API token for ` + strings.TrimPrefix(srv.URL, "http://") + "; set TFE_TOKEN with TFE_ADDRESS=" + srv.URL},
		{"no token for app.terraform.io", hcp.Config{Enabled: true, Organization: "acme", Timeout: testTimeout}, hcptest.Env{},
			`no API token for app.terraform.io; run "terraform login", or set TF_TOKEN_app_terraform_io`},
		{"wrong token", config(srv), hcptest.Env{Vars: map[string]string{"TFE_TOKEN": "not-the-token", "TFE_ADDRESS": srv.URL}},
			"rejected the API token from TFE_TOKEN (401 Unauthorized)"},
		{"connection refused", hcp.Config{Enabled: true, Address: "http://127.0.0.1:1", Organization: "acme", Timeout: testTimeout},
			hcptest.Env{Vars: map[string]string{"TFE_TOKEN": "x", "TFE_ADDRESS": "http://127.0.0.1:1"}}, "could not reach http://127.0.0.1:1 while connecting to the API"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := srv.Requests()
			res := lookup(t, srv, tt.cfg, cloud.Backend{Name: "eks-prod"}, tt.env)
			if len(res.Workspaces) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], tt.want) {
				t.Errorf("got %+v\nwant one warning with %q", res, tt.want)
			}
			if strings.Contains(tt.name, "no token") && srv.Requests() != before {
				t.Errorf("requests made without a token: %q", srv.Log()[before:])
			}
		})
	}
}

// TestLookupFailureIsolated checks that one workspace failing costs only
// that workspace.
func TestLookupFailureIsolated(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-a", Tags: []string{"eks"}})
	b := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-b", Tags: []string{"eks"}})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-c", Tags: []string{"eks"}})
	srv.Fail(hcptest.VarsetsPath(b), hcptest.Hang)
	res := lookup(t, srv, config(srv), cloud.Backend{Tags: []string{"eks"}}, tokenEnv(t, srv))
	if got := names(res.Workspaces); !reflect.DeepEqual(got, []string{"acme/eks-a", "acme/eks-c"}) {
		t.Errorf("workspaces %v", got)
	}
	if len(res.Warnings) != 1 || !strings.HasPrefix(res.Warnings[0], "HCP Terraform workspace acme/eks-b not checked: ") {
		t.Errorf("warnings %q", res.Warnings)
	}
}

// TestLookupListFailure: a listing that fails on its second page yields
// no workspace at all, not the first page's as if they were all.
func TestLookupListFailure(t *testing.T) {
	srv := hcptest.New(t)
	srv.SetPageSize(1)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-a", Tags: []string{"eks"}})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-b", Tags: []string{"eks"}})
	srv.Fail(hcptest.WorkspacesPath("acme"), hcptest.Failure{Status: 500, After: 1})
	res := lookup(t, srv, config(srv), cloud.Backend{Tags: []string{"eks"}}, tokenEnv(t, srv))
	if len(res.Workspaces) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "500 Internal Server Error while listing workspaces of organization acme") {
		t.Errorf("got %+v", res)
	}
}

// TestLookupVarsetsWithoutVars: a server that ignores include=vars must
// not make the sets look empty.
func TestLookupVarsetsWithoutVars(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "creds", Workspaces: []string{id},
		Vars: []hcptest.Var{{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"}}})
	srv.IgnoreInclude()
	res := lookup(t, srv, config(srv), cloud.Backend{Name: "eks-prod"}, tokenEnv(t, srv))
	if len(res.Workspaces) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], `(the answer had variable set "creds" without its variables); eksauth needs HCP Terraform, or a Terraform Enterprise recent enough`) {
		t.Errorf("got %+v", res)
	}
}

func TestLookupHonoursParentContext(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.Fail(hcptest.WorkspacePath("acme", "eks-prod"), hcptest.Hang)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	cfg := config(srv)
	cfg.Timeout = time.Minute
	start := time.Now()
	res := hcp.Lookup(ctx, cfg, cloud.Backend{Name: "eks-prod"}, tokenEnv(t, srv))
	if d := time.Since(start); d > margin {
		t.Errorf("took %s after its parent context ended", d)
	}
	if len(res.Warnings) != 1 || len(res.Workspaces) != 0 {
		t.Errorf("got %+v", res)
	}
}
