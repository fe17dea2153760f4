package hcp_test

import (
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

// source is one place a variable can come from. Kind is "workspace" for
// the workspace's own variable, or how a set reaches it: "global",
// "project" (applied to its project), "owned" (global in a set owned by
// its project), "applied" (applied to the workspace), "both" (applied to
// the workspace and its project).
type source struct {
	kind, set string
	priority  bool
	value     string
	category  string
}

func TestPrecedence(t *testing.T) {
	tests := []struct {
		name      string
		sources   []source // added in this order; the API lists sets in it
		wantValue string
		wantFrom  string
	}{
		{"global set alone", []source{{kind: "global", set: "g", value: "g"}},
			"g", `variable set "g" (global)`},
		{"project set beats global set", []source{{kind: "global", set: "a", value: "g"}, {kind: "project", set: "z", value: "p"}},
			"p", `variable set "z" (project)`},
		{"workspace set beats project set", []source{{kind: "project", set: "a", value: "p"}, {kind: "applied", set: "z", value: "w"}},
			"w", `variable set "z" (workspace)`},
		{"workspace variable beats workspace set", []source{{kind: "applied", set: "a", value: "w"}, {kind: "workspace", value: "v"}},
			"v", "workspace variable"},
		{"priority workspace set beats workspace variable", []source{{kind: "workspace", value: "v"}, {kind: "applied", set: "z", priority: true, value: "pw"}},
			"pw", `priority variable set "z" (workspace)`},
		{"priority project set beats priority workspace set", []source{{kind: "applied", set: "a", priority: true, value: "pw"}, {kind: "project", set: "z", priority: true, value: "pp"}},
			"pp", `priority variable set "z" (project)`},
		{"priority global set beats priority project set", []source{{kind: "project", set: "a", priority: true, value: "pp"}, {kind: "global", set: "z", priority: true, value: "pg"}},
			"pg", `priority variable set "z" (global)`},
		{"priority global set beats everything", []source{
			{kind: "workspace", value: "v"}, {kind: "applied", set: "a", value: "w"}, {kind: "project", set: "a2", value: "p"},
			{kind: "global", set: "a3", value: "g"}, {kind: "applied", set: "a4", priority: true, value: "pw"},
			{kind: "project", set: "a5", priority: true, value: "pp"}, {kind: "global", set: "z", priority: true, value: "pg"}},
			"pg", `priority variable set "z" (global)`},
		{"lexically first global set wins", []source{{kind: "global", set: "b-creds", value: "b"}, {kind: "global", set: "a-creds", value: "a"}},
			"a", `variable set "a-creds" (global)`},
		{"lexically first project set wins", []source{{kind: "project", set: "prod", value: "b"}, {kind: "project", set: "dev", value: "a"}},
			"a", `variable set "dev" (project)`},
		{"lexically first workspace set wins", []source{{kind: "applied", set: "B", value: "b"}, {kind: "applied", set: "A", value: "a"}},
			"a", `variable set "A" (workspace)`},
		{"lexically first priority set wins", []source{{kind: "global", set: "y", priority: true, value: "y"}, {kind: "global", set: "x", priority: true, value: "x"}},
			"x", `priority variable set "x" (global)`},
		{"lexical order only within a level", []source{{kind: "global", set: "a", value: "g"}, {kind: "applied", set: "z", value: "w"}},
			"w", `variable set "z" (workspace)`},
		{"project-owned global set is project scope", []source{{kind: "global", set: "a", value: "g"}, {kind: "owned", set: "z", value: "o"}},
			"o", `variable set "z" (project)`},
		{"set on workspace and project counts as workspace", []source{{kind: "applied", set: "z", value: "w"}, {kind: "both", set: "a", value: "b"}},
			"b", `variable set "a" (workspace)`},
		{"other category does not conflict", []source{{kind: "workspace", value: "env", category: "env"}, {kind: "global", set: "g", value: "tf"}},
			"tf", `variable set "g" (global)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hcptest.New(t)
			id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod", Project: "platform"})
			srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "other", Project: "sandbox"})
			// Sets that do not reach the workspace must not count.
			srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "0-other-project", Projects: []string{"sandbox"}, Priority: true, Vars: []hcptest.Var{{Key: "x", Value: "wrong"}}})
			srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "0-owned-elsewhere", Owner: "sandbox", Global: true, Priority: true, Vars: []hcptest.Var{{Key: "x", Value: "wrong"}}})
			srv.AddVariableSet(hcptest.VariableSet{Organization: "other", Name: "0-other-org", Global: true, Priority: true, Vars: []hcptest.Var{{Key: "x", Value: "wrong"}}})
			for _, s := range tt.sources {
				v := hcptest.Var{Key: "x", Value: s.value, Category: s.category}
				vs := hcptest.VariableSet{Organization: "acme", Name: s.set, Priority: s.priority, Vars: []hcptest.Var{v}}
				switch s.kind {
				case "workspace":
					srv.AddVariable(id, v)
					continue
				case "global":
					vs.Global = true
				case "project":
					vs.Projects = []string{"platform"}
				case "owned":
					vs.Owner, vs.Global = "platform", true
				case "applied":
					vs.Workspaces = []string{id}
				case "both":
					vs.Workspaces, vs.Projects = []string{id}, []string{"platform"}
				}
				srv.AddVariableSet(vs)
			}
			res := lookup(t, srv, config(srv), cloud.Backend{Name: "eks-prod"}, tokenEnv(t, srv))
			if len(res.Workspaces) != 1 {
				t.Fatalf("got %+v", res)
			}
			got := res.Workspaces[0].Terraform["x"]
			if got.Value != tt.wantValue || got.From != tt.wantFrom {
				t.Errorf("x = %q from %s; want %q from %s", got.Value, got.From, tt.wantValue, tt.wantFrom)
			}
		})
	}
}

// TestPrecedenceCategories: the same key in both categories is two
// variables, and each category has its own winner.
func TestPrecedenceCategories(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "AWS_ROLE", Value: "tf-ws", Category: "terraform"})
	srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "s", Global: true, Priority: true,
		Vars: []hcptest.Var{{Key: "AWS_ROLE", Value: "env-set", Category: "env", Sensitive: true}}})
	res := lookup(t, srv, config(srv), cloud.Backend{Name: "eks-prod"}, tokenEnv(t, srv))
	if len(res.Workspaces) != 1 {
		t.Fatalf("got %+v", res)
	}
	w := res.Workspaces[0]
	if got := w.Terraform["AWS_ROLE"]; got.Value != "tf-ws" || got.From != "workspace variable" {
		t.Errorf("terraform AWS_ROLE = %+v", got)
	}
	if got := w.Env["AWS_ROLE"]; !got.Sensitive || got.Value != "" || got.From != `priority variable set "s" (global)` {
		t.Errorf("env AWS_ROLE = %+v", got)
	}
}
