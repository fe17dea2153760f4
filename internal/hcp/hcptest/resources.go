package hcptest

import (
	"encoding/json"
	"io"
	"sort"
)

// obj is a JSON object under construction.
type obj = map[string]any

func writeJSON(w io.Writer, v any) {
	_ = json.NewEncoder(w).Encode(v)
}

const createdAt = "2024-05-01T12:00:00.000Z"

// workspaceResource is a workspace as the API shows it: the attributes
// eksauth reads and a realistic handful of others.
func workspaceResource(ws *workspace) obj {
	tags := append([]string{}, ws.Tags...)
	agentPool := obj{"data": nil}
	if ws.AgentPool != "" {
		agentPool = obj{"data": obj{"id": ws.AgentPool, "type": "agent-pools"}}
	}
	// Present but empty when there is none, as the API sends it; older
	// servers leave it out.
	current := obj{"data": nil}
	if ws.current != nil {
		current = obj{"data": obj{"id": ws.current.id, "type": "configuration-versions"}}
	}
	var vcsRepo any
	if ws.VCSRepo != "" {
		vcsRepo = obj{"identifier": ws.VCSRepo, "display-identifier": ws.VCSRepo, "branch": "", "ingress-submodules": false}
	}
	relationships := obj{
		"organization": obj{"data": obj{"id": ws.Organization, "type": "organizations"}},
		"project":      obj{"data": obj{"id": ws.project.id, "type": "projects"}},
		"agent-pool":   agentPool,
	}
	if !ws.NoCurrentConfigurationVersion {
		relationships["current-configuration-version"] = current
	}
	return obj{
		"id":   ws.id,
		"type": "workspaces",
		"attributes": obj{
			"name":                   ws.Name,
			"execution-mode":         ws.ExecutionMode,
			"operations":             ws.ExecutionMode != "local",
			"tag-names":              tags,
			"created-at":             createdAt,
			"updated-at":             createdAt,
			"auto-apply":             false,
			"locked":                 false,
			"terraform-version":      "1.9.8",
			"working-directory":      ws.WorkingDirectory,
			"vcs-repo":               vcsRepo,
			"environment":            "default",
			"source":                 "tfe-api",
			"resource-count":         0,
			"apply-duration-average": nil,
			"actions":                obj{"is-destroyable": true},
			"permissions":            obj{"can-read-variable": true, "can-update-variable": false},
		},
		"relationships": relationships,
		"links":         obj{"self": "/api/v2/organizations/" + ws.Organization + "/workspaces/" + ws.Name},
	}
}

func projectResource(p *project) obj {
	return obj{
		"id":            p.id,
		"type":          "projects",
		"attributes":    obj{"name": p.name, "description": nil},
		"relationships": obj{"organization": obj{"data": obj{"id": p.org, "type": "organizations"}}},
	}
}

func varResource(v variable) obj {
	category := v.Category
	if category == "" {
		category = "terraform"
	}
	var value any = v.Value
	if v.Sensitive {
		value = nil // the API never returns a sensitive value
	}
	return obj{
		"id":   v.id,
		"type": "vars",
		"attributes": obj{
			"key":         v.Key,
			"value":       value,
			"sensitive":   v.Sensitive,
			"category":    category,
			"hcl":         v.HCL,
			"description": nil,
			"created-at":  createdAt,
			"version-id":  "0123456789abcdef",
		},
	}
}

func (s *Server) varsetResource(set *varset) obj {
	vars := []obj{}
	for _, v := range set.vars {
		vars = append(vars, obj{"id": v.id, "type": "vars"})
	}
	workspaces := []obj{}
	for _, id := range set.Workspaces {
		workspaces = append(workspaces, obj{"id": id, "type": "workspaces"})
	}
	projectIDs := []string{}
	for _, name := range set.Projects {
		projectIDs = append(projectIDs, s.project(set.Organization, name).id)
	}
	sort.Strings(projectIDs)
	projects := []obj{}
	for _, id := range projectIDs {
		projects = append(projects, obj{"id": id, "type": "projects"})
	}
	parent := obj{"data": obj{"id": set.Organization, "type": "organizations"}}
	if set.Owner != "" {
		parent = obj{"data": obj{"id": s.project(set.Organization, set.Owner).id, "type": "projects"}}
	}
	return obj{
		"id":   set.id,
		"type": "varsets",
		"attributes": obj{
			"name":            set.Name,
			"description":     "",
			"global":          set.Global,
			"priority":        set.Priority,
			"updated-at":      createdAt,
			"var-count":       len(set.vars),
			"workspace-count": len(set.Workspaces),
			"project-count":   len(set.Projects),
		},
		"relationships": obj{
			"organization": obj{"data": obj{"id": set.Organization, "type": "organizations"}},
			"vars":         obj{"data": vars},
			"workspaces":   obj{"data": workspaces},
			"projects":     obj{"data": projects},
			"parent":       parent,
		},
	}
}

// Env is an environment for hcp.Lookup and hcp.Token that reads nothing
// from the process: Vars are its variables and Home its home directory
// ("" means there is none).
type Env struct {
	Vars map[string]string
	Home string
}

// Getenv returns the variable's value, or "".
func (e Env) Getenv(key string) string { return e.Vars[key] }

// HomeDir returns Home, or an error when it is empty.
func (e Env) HomeDir() (string, error) {
	if e.Home == "" {
		return "", errNoHome
	}
	return e.Home, nil
}

type errString string

func (e errString) Error() string { return string(e) }

const errNoHome = errString("hcptest.Env: no home directory")
