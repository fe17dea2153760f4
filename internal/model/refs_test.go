package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"testing/fstest"

	"github.com/zclconf/go-cty/cty"
)

const (
	appsRole  = "arn:aws:iam::111122223333:role/k8s-apps"
	otherRole = "arn:aws:iam::111122223333:role/someone-else"
)

// workspaceCluster is the cluster workspace's configuration: its grant comes
// from a variable, so the values its runs apply decide it.
const workspaceCluster = `
variable "deployer_arn" {
  type    = string
  default = "` + otherRole + `"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "platform"
  authentication_mode = "API"
  access_entries = {
    deployer = {
      principal_arn = var.deployer_arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

output "cluster_name" {
  value = module.eks.cluster_name
}

output "vpc_id" {
  value = "vpc-123"
}
`

// clusterFiles is the cluster workspace's configuration as downloaded.
func clusterFiles(extra map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{"infra/eks/main.tf": {Data: []byte(workspaceCluster)}}
	for k, v := range extra {
		fsys[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return fsys
}

func downloaded(extra map[string]string, ws *Workspace) *WorkspaceConfig {
	return &WorkspaceConfig{Files: clusterFiles(extra), Dir: "infra/eks", Workspace: ws}
}

// apps writes a workloads module that assumes appsRole and takes its
// cluster from ref.
func apps(data, ref string) map[string]string {
	return map[string]string{"main.tf": data + `
provider "aws" {
  assume_role {
    role_arn = "` + appsRole + `"
  }
}

data "aws_eks_cluster_auth" "this" {
  name = ` + ref + `
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.this.token
}
`}
}

const tfeOutputs = `
data "tfe_outputs" "eks" {
  organization = "acme"
  workspace    = "eks-cluster"
}
`

// unjoined says whether the path reached a cluster defined somewhere
// eksauth read, and if not, why: a reference that cannot be followed is an
// external cluster known by the reference, or none.
func unjoined(p *Path) (joined bool, why string) {
	switch {
	case p.Cluster == nil:
		return false, p.ClusterWhy
	case p.Cluster.Kind == ExternalCluster:
		return false, p.Cluster.Why
	}
	return true, ""
}

func TestWorkspaceReferences(t *testing.T) {
	remoteState := func(backend, config string) string {
		return `
data "terraform_remote_state" "eks" {
  backend = "` + backend + `"
  config  = ` + config + `
}
`
	}
	for _, tc := range []struct {
		name, data, ref string
		want            WorkspaceRef
		output          string // the output followed; "" when none is
		why             string
	}{
		{name: "tfe_outputs values", data: tfeOutputs, ref: "data.tfe_outputs.eks.values.cluster_name",
			want: WorkspaceRef{Organization: "acme", Name: "eks-cluster"}, output: "cluster_name"},
		{name: "tfe_outputs nonsensitive_values, index", data: tfeOutputs, ref: `data.tfe_outputs.eks.nonsensitive_values["cluster_name"]`,
			want: WorkspaceRef{Organization: "acme", Name: "eks-cluster"}, output: "cluster_name"},
		{name: "remote state", data: remoteState("remote", `{
    hostname     = "app.terraform.io"
    organization = "acme"
    workspaces   = { name = "eks-cluster" }
  }`), ref: "data.terraform_remote_state.eks.outputs.cluster_name",
			want: WorkspaceRef{Host: "app.terraform.io", Organization: "acme", Name: "eks-cluster"}, output: "cluster_name"},
		{name: "remote state by prefix is not one workspace", data: remoteState("remote", `{
    organization = "acme"
    workspaces   = { prefix = "eks-" }
  }`), ref: "data.terraform_remote_state.eks.outputs.cluster_name", why: "cannot resolve"},
		{name: "local backend is not a workspace", data: remoteState("local", `{ path = "../eks/terraform.tfstate" }`),
			ref: "data.terraform_remote_state.eks.outputs.cluster_name", why: "outside this module"},
		{name: "workspace from an unknown variable", data: `
variable "ws" {}
data "tfe_outputs" "eks" {
  organization = "acme"
  workspace    = var.ws
}`, ref: "data.tfe_outputs.eks.values.cluster_name", why: "cannot resolve"},
		{name: "another attribute", data: tfeOutputs, ref: "data.tfe_outputs.eks.id", why: "outside this module"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked []WorkspaceRef
			opts := referencing(t, func(ref WorkspaceRef, _ string) (*WorkspaceConfig, string) {
				asked = append(asked, ref)
				return downloaded(nil, nil), ""
			})
			m := load(t, opts, apps(tc.data, tc.ref))
			if tc.why != "" {
				if len(asked) != 0 {
					t.Errorf("asked for %v", asked)
				}
				if joined, why := unjoined(m.Paths[0]); joined || !strings.Contains(why, tc.why) {
					t.Errorf("joined %v (%s), want not because %q", joined, why, tc.why)
				}
				return
			}
			if len(asked) != 1 || asked[0] != tc.want {
				t.Fatalf("asked for %v, want once %v", asked, tc.want)
			}
			p := m.Paths[0]
			if p.Cluster == nil {
				t.Fatalf("no cluster: %s", p.ClusterWhy)
			}
			if want := "EKS cluster module.eks of HCP Terraform workspace acme/eks-cluster (via " + tc.ref + ")"; p.Cluster.Label() != want {
				t.Errorf("cluster %q, want %q", p.Cluster.Label(), want)
			}
		})
	}
}

// The other workspace's variables win over its values files and
// defaults: they are what its runs apply. Its sensitive variables decide
// nothing.
func TestReferencedWorkspaceVariables(t *testing.T) {
	tfvars := map[string]string{"infra/eks/terraform.tfvars": `deployer_arn = "` + appsRole + `"`}
	for _, tc := range []struct {
		name  string
		files map[string]string
		ws    *Workspace
		want  string
	}{
		{"defaults only", nil, nil, "denied"},
		{"tfvars grant", tfvars, nil, "granted"},
		{"workspace variable over tfvars", tfvars, &Workspace{Vars: map[string]cty.Value{"deployer_arn": cty.StringVal(otherRole)}}, "denied"},
		{"workspace variable grants", nil, &Workspace{Vars: map[string]cty.Value{"deployer_arn": cty.StringVal(appsRole)}}, "granted"},
		{"HCL workspace variable grants", nil, &Workspace{HCLVars: map[string]string{"deployer_arn": `"` + appsRole + `"`}}, "granted"},
		{"sensitive workspace variable", nil, &Workspace{Vars: map[string]cty.Value{"deployer_arn": cty.DynamicVal.Mark("sensitive")}}, "cannot tell"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := referencing(t, func(WorkspaceRef, string) (*WorkspaceConfig, string) {
				return downloaded(tc.files, tc.ws), ""
			})
			m := load(t, opts, apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name"))
			got := summary(m)
			if !strings.Contains(got, ": "+tc.want) {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestReferencedWorkspaceFailures(t *testing.T) {
	t.Run("unreadable: one note, no verdict", func(t *testing.T) {
		calls := 0
		opts := referencing(t, func(WorkspaceRef, string) (*WorkspaceConfig, string) {
			calls++
			return nil, "HCP Terraform workspace acme/eks-cluster not checked: not found"
		})
		files := apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name")
		files["more.tf"] = `
data "aws_eks_cluster_auth" "again" {
  name = data.tfe_outputs.eks.values.cluster_name
}
provider "kubernetes" {
  alias = "second"
  token = data.aws_eks_cluster_auth.again.token
}
`
		m := load(t, opts, files)
		if calls != 1 || len(m.Unavailable) != 1 {
			t.Fatalf("%d calls, notes %v; want one each", calls, m.Unavailable)
		}
		if !strings.Contains(m.Unavailable[0].Message, "data.tfe_outputs.eks") || m.Unavailable[0].Range.Start.Line != 2 {
			t.Errorf("note %q at %s", m.Unavailable[0].Message, m.Unavailable[0].Range)
		}
		for _, p := range m.Paths {
			if v := m.Verdict(p); v.Access != CannotTell {
				t.Errorf("%s: %v, want cannot tell", p.Provider.Name(), v.Access)
			}
		}
	})
	t.Run("a module not read whole is not read", func(t *testing.T) {
		opts := referencing(t, func(WorkspaceRef, string) (*WorkspaceConfig, string) {
			return downloaded(map[string]string{"infra/eks/big.tf": strings.Repeat("#\n", 3<<20)}, nil), ""
		})
		m := load(t, opts, apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name"))
		if v := m.Verdict(m.Paths[0]); v.Access != CannotTell {
			t.Errorf("%v (%s), want cannot tell", v.Access, v.Why)
		}
		if len(m.Unavailable) != 1 || !strings.Contains(m.Unavailable[0].Message, "big.tf") {
			t.Errorf("notes %v, want one naming big.tf", m.Unavailable)
		}
	})
	t.Run("output without a cluster", func(t *testing.T) {
		opts := referencing(t, func(WorkspaceRef, string) (*WorkspaceConfig, string) {
			return downloaded(nil, nil), ""
		})
		for ref, why := range map[string]string{
			"data.tfe_outputs.eks.values.vpc_id":  `output vpc_id`,
			"data.tfe_outputs.eks.values.missing": `has no output "missing"`,
		} {
			m := load(t, opts, apps(tfeOutputs, ref))
			if joined, got := unjoined(m.Paths[0]); joined || !strings.Contains(got, why) {
				t.Errorf("%s: joined %v (%s), want not because %q", ref, joined, got, why)
			}
		}
	})
	t.Run("without hcp_terraform nothing is asked", func(t *testing.T) {
		m := load(t, Options{}, apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name"))
		if joined, why := unjoined(m.Paths[0]); joined || !strings.Contains(why, "only with hcp_terraform enabled") {
			t.Errorf("joined %v (%s)", joined, why)
		}
	})
}

// referencing is Options that read referenced workspaces with fn. Their
// roots are kept for the process, as the ruleset's are; they are
// forgotten when the test ends, so the next test's fn is asked again.
func referencing(t *testing.T, fn func(WorkspaceRef, string) (*WorkspaceConfig, string)) Options {
	t.Cleanup(func() {
		rootCache.Lock()
		defer rootCache.Unlock()
		for k := range rootCache.m {
			if strings.HasPrefix(k, workspaceKey) {
				delete(rootCache.m, k)
			}
		}
	})
	return Options{Referenced: fn}
}

// The workspace is read once per process, whichever model asks: a second
// root run (tflint --fix) or the baseline reuses it, spending neither
// requests nor the evaluation budget again. What was downloaded is not
// kept once its model is built.
func TestReferencedWorkspaceReadOncePerProcess(t *testing.T) {
	calls := 0
	var cfg *WorkspaceConfig
	opts := referencing(t, func(WorkspaceRef, string) (*WorkspaceConfig, string) {
		calls++
		cfg = downloaded(nil, nil)
		return cfg, ""
	})
	files := apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name")
	for range 2 {
		m := load(t, opts, files)
		if joined, why := unjoined(m.Paths[0]); !joined {
			t.Fatalf("not joined: %s", why)
		}
	}
	if calls != 1 {
		t.Errorf("the workspace was read %d times, want once", calls)
	}
	if cfg.Files != nil {
		t.Errorf("the downloaded configuration is kept after its model was built")
	}
}

// A module eksauth reads itself (a local child, a sibling root) follows
// no workspace reference, and says so: not that hcp_terraform is off.
func TestReferencesInModulesReadFromDisk(t *testing.T) {
	const outputs = `
data "tfe_outputs" "eks" {
  organization = "acme"
  workspace    = "eks-cluster"
}
output "cluster_name" { value = data.tfe_outputs.eks.values.cluster_name }
`
	dir := tree(t, map[string]string{
		"app/k8s/main.tf": outputs,
		"cluster/main.tf": outputs,
		"app/main.tf": `
module "k8s" { source = "./k8s" }
data "aws_eks_cluster_auth" "child" { name = module.k8s.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.child.token }

data "terraform_remote_state" "c" {
  backend = "local"
  config  = { path = "../cluster/terraform.tfstate" }
}
data "aws_eks_cluster_auth" "sibling" { name = data.terraform_remote_state.c.outputs.cluster_name }
provider "kubernetes" {
  alias = "sibling"
  token = data.aws_eks_cluster_auth.sibling.token
}
`,
	})
	calls := 0
	opts := referencing(t, func(WorkspaceRef, string) (*WorkspaceConfig, string) {
		calls++
		return downloaded(nil, nil), ""
	})
	opts.Getenv = func(string) string { return "" }
	app := filepath.Join(dir, "app")
	opts.locate = func() (place, bool) { return place{dir: app, shown: ".", root: true}, true }
	src, err := os.ReadFile(filepath.Join(app, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	m := load(t, opts, map[string]string{"main.tf": string(src)})
	if len(m.Paths) != 2 {
		t.Fatalf("%d paths, want 2", len(m.Paths))
	}
	for _, p := range m.Paths {
		joined, why := unjoined(p)
		if joined || !strings.Contains(why, "which eksauth does not follow from a module it reads from disk") || strings.Contains(why, "hcp_terraform enabled") {
			t.Errorf("%s: joined %v (%s)", p.Provider.Name(), joined, why)
		}
	}
	if calls != 0 {
		t.Errorf("asked for the workspace %d times from modules read from disk", calls)
	}

	// tflint's own run of a child module is not the root's either.
	opts.locate = func() (place, bool) { return place{dir: app, shown: ".", root: false}, true }
	opts.Referenced = nil // as Build clears it
	m = load(t, opts, apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name"))
	if joined, why := unjoined(m.Paths[0]); joined || !strings.Contains(why, "which eksauth follows only from the root module") {
		t.Errorf("module run: joined %v (%s)", joined, why)
	}
}

// The baseline follows the same references as the module: a path through
// another workspace's output is compared by the cluster it reaches there,
// so an unchanged one stays unchanged under only_changed_roles, and the
// workspace is not read a second time for it.
func TestBaselineFollowsTheSameReferences(t *testing.T) {
	calls := 0
	opts := referencing(t, func(WorkspaceRef, string) (*WorkspaceConfig, string) {
		calls++
		return downloaded(nil, nil), ""
	})
	files := apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name")
	m := load(t, opts, files)
	m.SetBaseline(&Baseline{Ref: "origin/main", Model: load(t, opts, files)})
	if c, _ := m.ChangeOf(m.Paths[0]); c != Unchanged {
		t.Errorf("change %v, want unchanged", c)
	}
	if calls != 1 {
		t.Errorf("the workspace was read %d times, want once", calls)
	}
	// Without the references followed, the same path would look new.
	m.SetBaseline(&Baseline{Ref: "origin/main", Model: load(t, Options{}, files)})
	if c, _ := m.ChangeOf(m.Paths[0]); c != New {
		t.Errorf("against a baseline that follows no reference: change %v, want new", c)
	}
}
