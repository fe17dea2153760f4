package hcp

import (
	"sort"
	"strconv"

	tfe "github.com/hashicorp/go-tfe"
)

// Levels of HCP Terraform's variable precedence, highest first. CLI -var
// flags sit between the priority sets and the workspace's own variables,
// and *.auto.tfvars and terraform.tfvars below the global sets; neither
// is the API's business.
const (
	priorityGlobal = iota
	priorityProject
	priorityWorkspace
	workspaceVariable
	workspaceSet
	projectSet
	globalSet
)

// scope says how a variable set reaches the workspace: "global",
// "project" or "workspace".
//
// A global set owned by a project reaches every workspace of that
// project, so it is project-scoped. A set applied both to the workspace
// and to its project counts at the workspace level, the higher one. A set
// the API lists for the workspace without saying why is taken as applied
// to the workspace.
func scope(set *tfe.VariableSet, wsID, projectID string) string {
	if set.Global {
		if set.Parent != nil && set.Parent.Project != nil {
			return "project"
		}
		return "global"
	}
	for _, w := range set.Workspaces {
		if w != nil && w.ID == wsID {
			return "workspace"
		}
	}
	for _, p := range set.Projects {
		if p != nil && projectID != "" && p.ID == projectID {
			return "project"
		}
	}
	return "workspace"
}

func level(priority bool, scope string) int {
	switch {
	case priority && scope == "global":
		return priorityGlobal
	case priority && scope == "project":
		return priorityProject
	case priority:
		return priorityWorkspace
	case scope == "global":
		return globalSet
	case scope == "project":
		return projectSet
	}
	return workspaceSet
}

// effective applies HCP Terraform's precedence: priority sets (global,
// then project, then workspace), the workspace's own variables,
// workspace-scoped sets, project-scoped sets, global sets. Variables
// conflict when key and category match; among sets at one level the set
// whose name sorts first (byte-wise) wins. Categories other than
// "terraform" and "env" (policy-set parameters) are dropped, and a
// sensitive variable never carries a value.
func effective(wsID, projectID string, vars []*tfe.Variable, sets []*tfe.VariableSet) (terraform, env map[string]Variable) {
	type candidate struct {
		level      int
		set, setID string
		v          Variable
	}
	var cands []candidate
	for _, v := range vars {
		cands = append(cands, candidate{level: workspaceVariable, v: variable(v.Key, v.Value, v.Category, v.Sensitive, v.HCL, "workspace variable")})
	}
	for _, s := range sets {
		sc := scope(s, wsID, projectID)
		from := "variable set " + strconv.Quote(s.Name) + " (" + sc + ")"
		if s.Priority {
			from = "priority " + from
		}
		for _, v := range s.Variables {
			cands = append(cands, candidate{level: level(s.Priority, sc), set: s.Name, setID: s.ID, v: variable(v.Key, v.Value, v.Category, v.Sensitive, v.HCL, from)})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.level != b.level {
			return a.level < b.level
		}
		if a.set != b.set {
			return a.set < b.set
		}
		return a.setID < b.setID
	})
	terraform, env = map[string]Variable{}, map[string]Variable{}
	for _, c := range cands {
		m := terraform
		switch c.v.Category {
		case string(tfe.CategoryTerraform):
		case string(tfe.CategoryEnv):
			m = env
		default:
			continue
		}
		if _, taken := m[c.v.Key]; !taken {
			m[c.v.Key] = c.v
		}
	}
	return terraform, env
}

func variable(key, value string, category tfe.CategoryType, sensitive, hcl bool, from string) Variable {
	if sensitive {
		value = ""
	}
	return Variable{Key: key, Value: value, Category: string(category), Sensitive: sensitive, HCL: hcl, From: from}
}
