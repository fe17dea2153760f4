package hcptest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

func get(t *testing.T, srv *hcptest.Server, path, token string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var doc map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	return resp.StatusCode, doc
}

func TestAuthorization(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	path := hcptest.WorkspacePath("acme", "eks-prod")
	for _, tt := range []struct {
		token string
		want  int
	}{{"", 401}, {"wrong", 401}, {srv.Token, 200}} {
		if got, _ := get(t, srv, path, tt.token); got != tt.want {
			t.Errorf("token %q: status %d, want %d", tt.token, got, tt.want)
		}
	}
	if got, _ := get(t, srv, hcptest.PingPath, ""); got != http.StatusNoContent {
		t.Errorf("ping: %d", got)
	}
	if got, _ := get(t, srv, hcptest.WorkspacePath("acme", "missing"), srv.Token); got != 404 {
		t.Errorf("missing workspace: %d", got)
	}
	if srv.Requests() != 5 || srv.Pings() != 1 || len(srv.Log()) != 5 {
		t.Errorf("Requests %d, Pings %d, Log %q", srv.Requests(), srv.Pings(), srv.Log())
	}
}

func TestFailAfterTimes(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.Fail("/api/v2/workspaces/*/vars", hcptest.Failure{Status: 500, After: 1, Times: 2})
	var got []int
	for range 5 {
		code, _ := get(t, srv, hcptest.VarsPath(id), srv.Token)
		got = append(got, code)
	}
	if want := []int{200, 500, 500, 200, 200}; !equal(got, want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestGoTFE reads everything the fake serves through go-tfe, the client
// it imitates the API for.
func TestGoTFE(t *testing.T) {
	srv := hcptest.New(t)
	srv.SetPageSize(1)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod", ExecutionMode: "agent", AgentPool: "apool-1", Project: "platform",
		Tags: []string{"eks"}, TagBindings: map[string]string{"env": "prod"}})
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-dev", Tags: []string{"eks"}})
	srv.AddVariable(id, hcptest.Var{Key: "secret", Value: "hidden", Sensitive: true})
	srv.AddVariable(id, hcptest.Var{Key: "region", Value: "eu-west-1"})
	setID := srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "creds", Owner: "platform", Global: true, Priority: true,
		Vars: []hcptest.Var{{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"}}})
	srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "direct", Workspaces: []string{id}})

	client, err := tfe.NewClient(&tfe.Config{Address: srv.URL, Token: srv.Token, HTTPClient: &http.Client{Timeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	ws, err := client.Workspaces.ReadWithOptions(ctx, "acme", "eks-prod", &tfe.WorkspaceReadOptions{Include: []tfe.WSIncludeOpt{tfe.WSProject}})
	if err != nil {
		t.Fatal(err)
	}
	if ws.ID != id || ws.ExecutionMode != "agent" || ws.AgentPool == nil || ws.AgentPool.ID != "apool-1" || ws.Project == nil || ws.Project.Name != "platform" {
		t.Errorf("workspace %+v", ws)
	}

	wl, err := client.Workspaces.List(ctx, "acme", &tfe.WorkspaceListOptions{Tags: "eks"})
	if err != nil {
		t.Fatal(err)
	}
	if len(wl.Items) != 1 || wl.Items[0].Name != "eks-dev" || wl.TotalPages != 2 || wl.NextPage != 2 {
		t.Errorf("page 1: %d items, pagination %+v", len(wl.Items), wl.Pagination)
	}
	wl, err = client.Workspaces.List(ctx, "acme", &tfe.WorkspaceListOptions{TagBindings: []*tfe.TagBinding{{Key: "env", Value: "prod"}}})
	if err != nil || len(wl.Items) != 1 || wl.Items[0].ID != id {
		t.Errorf("key-value tags: %v %+v", err, wl)
	}

	vl, err := client.Variables.List(ctx, id, &tfe.VariableListOptions{ListOptions: tfe.ListOptions{PageNumber: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(vl.Items) != 1 || vl.Items[0].Key != "secret" || !vl.Items[0].Sensitive || vl.Items[0].Value != "" || vl.TotalCount != 2 {
		t.Errorf("variables %+v %+v", vl.Items[0], vl.Pagination)
	}

	sl, err := client.VariableSets.ListForWorkspace(ctx, id, &tfe.VariableSetListOptions{Include: "vars"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sl.Items) != 1 || sl.TotalCount != 2 {
		t.Fatalf("varsets %+v", sl)
	}
	set := sl.Items[0]
	if set.ID != setID || !set.Global || !set.Priority || set.Parent == nil || set.Parent.Project == nil ||
		len(set.Variables) != 1 || set.Variables[0].Key != "TFC_AWS_PROVIDER_AUTH" || string(set.Variables[0].Category) != "env" {
		t.Errorf("varset %+v", set)
	}
	for _, l := range srv.Log() {
		if strings.Contains(l, "/varsets") && !strings.Contains(l, "include=vars") {
			t.Errorf("request %q lost include=vars", l)
		}
	}
}

func TestEnv(t *testing.T) {
	e := hcptest.Env{Vars: map[string]string{"A": "1"}}
	if e.Getenv("A") != "1" || e.Getenv("B") != "" {
		t.Error("Getenv")
	}
	if _, err := e.HomeDir(); err == nil {
		t.Error("HomeDir without Home")
	}
	if h, err := (hcptest.Env{Home: "/h"}).HomeDir(); h != "/h" || err != nil {
		t.Error("HomeDir")
	}
}
