package model

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

const (
	appsRole  = "arn:aws:iam::111122223333:role/k8s-apps"
	otherRole = "arn:aws:iam::111122223333:role/someone-else"
)

// clusterRoot is the cluster workspace's configuration: its grant comes
// from a variable, so the values its runs apply decide it.
const clusterRoot = `
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

func parseRoot(t *testing.T, src string) []*hcl.File {
	t.Helper()
	f, diags := hclsyntax.ParseConfig([]byte(src), "acme/eks-cluster:main.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return []*hcl.File{f}
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
			opts := Options{Referenced: func(ref WorkspaceRef, _ string) (*Root, string) {
				asked = append(asked, ref)
				return &Root{Files: parseRoot(t, clusterRoot), Vars: staticVars{}}, ""
			}}
			m := load(t, opts, apps(tc.data, tc.ref))
			if tc.why != "" {
				if len(asked) != 0 {
					t.Errorf("asked for %v", asked)
				}
				if p := m.Paths[0]; p.Cluster != nil || !strings.Contains(p.ClusterWhy, tc.why) {
					t.Errorf("cluster %v (%s), want none because %q", p.Cluster, p.ClusterWhy, tc.why)
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
			if want := "platform (module.eks of HCP Terraform workspace acme/eks-cluster)"; p.Cluster.Addr != want {
				t.Errorf("cluster %q, want %q", p.Cluster.Addr, want)
			}
		})
	}
}

// The other workspace's variables win over its defaults: they are what
// its runs apply. Its sensitive variables decide nothing.
func TestReferencedWorkspaceVariables(t *testing.T) {
	for _, tc := range []struct {
		name string
		ws   *Workspace
		want string
	}{
		{"defaults only", nil, "denied"},
		{"workspace variable grants", &Workspace{Vars: map[string]cty.Value{"deployer_arn": cty.StringVal(appsRole)}}, "granted"},
		{"HCL workspace variable grants", &Workspace{HCLVars: map[string]string{"deployer_arn": `"` + appsRole + `"`}}, "granted"},
		{"sensitive workspace variable", &Workspace{Vars: map[string]cty.Value{"deployer_arn": cty.DynamicVal.Mark("sensitive")}}, "cannot tell"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Referenced: func(WorkspaceRef, string) (*Root, string) {
				vars := staticVars{"deployer_arn": cty.StringVal(otherRole)}
				return &Root{Label: "HCP Terraform workspace acme/eks-cluster", Files: parseRoot(t, clusterRoot), Vars: vars, Workspace: tc.ws}, ""
			}}
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
		opts := Options{Referenced: func(WorkspaceRef, string) (*Root, string) {
			calls++
			return nil, "HCP Terraform workspace acme/eks-cluster not checked: not found"
		}}
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
	t.Run("skipped files leave it open", func(t *testing.T) {
		opts := Options{Referenced: func(WorkspaceRef, string) (*Root, string) {
			return &Root{Files: parseRoot(t, clusterRoot), Vars: staticVars{"deployer_arn": cty.StringVal(otherRole)}, Incomplete: []string{"acme/eks-cluster:big.tf (larger than allowed)"}}, ""
		}}
		m := load(t, opts, apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name"))
		if v := m.Verdict(m.Paths[0]); v.Access != CannotTell || !strings.Contains(v.Why, "big.tf") {
			t.Errorf("%v (%s), want cannot tell naming the skipped file", v.Access, v.Why)
		}
	})
	t.Run("output without a cluster", func(t *testing.T) {
		opts := Options{Referenced: func(WorkspaceRef, string) (*Root, string) {
			return &Root{Files: parseRoot(t, clusterRoot), Vars: staticVars{}}, ""
		}}
		for ref, why := range map[string]string{
			"data.tfe_outputs.eks.values.vpc_id":  `output "vpc_id"`,
			"data.tfe_outputs.eks.values.missing": `does not declare`,
		} {
			m := load(t, opts, apps(tfeOutputs, ref))
			if p := m.Paths[0]; p.Cluster != nil || !strings.Contains(p.ClusterWhy, why) {
				t.Errorf("%s: cluster %v (%s), want none because %q", ref, p.Cluster, p.ClusterWhy, why)
			}
		}
	})
	t.Run("without hcp_terraform nothing is asked", func(t *testing.T) {
		m := load(t, Options{}, apps(tfeOutputs, "data.tfe_outputs.eks.values.cluster_name"))
		if p := m.Paths[0]; p.Cluster != nil || !strings.Contains(p.ClusterWhy, "only with hcp_terraform enabled") {
			t.Errorf("cluster %v (%s)", p.Cluster, p.ClusterWhy)
		}
	})
}
