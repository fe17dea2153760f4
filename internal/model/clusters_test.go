package model

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

func TestNoKubernetesProviderNoWork(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
provider "aws" {}
resource "aws_s3_bucket" "b" { bucket = "x" }
`})
	if len(m.Paths) != 0 || len(m.Clusters) != 0 {
		t.Errorf("model of an unrelated module has %d paths, %d clusters", len(m.Paths), len(m.Clusters))
	}
}

func TestModuleRecognition(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
module "git" {
  source       = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v18.17.0"
  cluster_name = "a"
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/x" }]
}
module "local_copy" {
  source         = "../.."
  cluster_name   = "b"
  vpc_id         = "vpc-1"
  access_entries = {}
}
module "nodes" {
  source = "terraform-aws-modules/eks/aws//modules/eks-managed-node-group"
  cluster_name = "a"
}
module "counted" {
  source = "terraform-aws-modules/eks/aws"
  count  = 0
  cluster_name = "c"
}
`})
	var got []string
	for _, c := range m.Clusters {
		got = append(got, c.Addr+" "+c.Version.String())
	}
	want := "module.git v18.17,module.local_copy v20"
	if strings.Join(got, ",") != want {
		t.Errorf("clusters = %q, want %q", strings.Join(got, ","), want)
	}
	g := m.Cluster("module.git").Grants
	if len(g) != 1 || g[0].Applied || !strings.Contains(g[0].NotApplied, "before v18.20") {
		t.Errorf("v18.17 aws_auth_roles should not be applied: %+v", g)
	}
}

// TestClusterAccessSettings checks what each kind of cluster says about
// its authentication mode and its creator's access, which decide whether
// aws-auth, access entries or the creator can let anyone in.
func TestClusterAccessSettings(t *testing.T) {
	for _, tc := range []struct {
		name    string
		src     string
		addr    string
		mode    Mode
		creator Creator
		cname   string
		version string
	}{
		{
			name: "module v19 is aws-auth only, its creator keeps implicit admin",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"
  cluster_name = "c19"
}`,
			addr: "module.eks", mode: ConfigMap, creator: CreatorImplicit, cname: "c19", version: "v19.21",
		},
		{
			name: "module v20 defaults to both modes and no creator access",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c20"
}`,
			addr: "module.eks", mode: APIAndConfigMap, creator: CreatorNone, cname: "c20", version: "v20",
		},
		{
			name: "module v20 with API mode and the applier as admin",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.8.4"
  cluster_name = "c20"
  authentication_mode = "API"
  enable_cluster_creator_admin_permissions = true
}`,
			addr: "module.eks", mode: API, creator: CreatorApplier, cname: "c20", version: "v20.8",
		},
		{
			name: "module v21 names the cluster with name",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"
  name    = "c21"
}`,
			addr: "module.eks", mode: APIAndConfigMap, creator: CreatorNone, cname: "c21", version: "v21",
		},
		{
			name: "an open constraint says nothing; the inputs do",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = ">= 18.0"
  cluster_name   = "c"
  access_entries = {}
}`,
			addr: "module.eks", mode: APIAndConfigMap, creator: CreatorNone, cname: "c", version: "v20",
		},
		{
			name: "module of unknown version: neither mode nor creator is known",
			src: `module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  cluster_name = "c"
}`,
			addr: "module.eks", mode: "", creator: CreatorUnknown, cname: "c", version: "unknown version",
		},
		{
			name: "resource with access_config, mode in lower case",
			src: `resource "aws_eks_cluster" "this" {
  name = "r"
  access_config {
    authentication_mode = "api_and_config_map"
    bootstrap_cluster_creator_admin_permissions = false
  }
}`,
			addr: "aws_eks_cluster.this", mode: APIAndConfigMap, creator: CreatorNone, cname: "r", version: "unknown version",
		},
		{
			name: "resource with the EKS defaults",
			src:  `resource "aws_eks_cluster" "this" { name = "r" }`,
			addr: "aws_eks_cluster.this", mode: ConfigMap, creator: CreatorImplicit, cname: "r", version: "unknown version",
		},
		{
			name: "resource whose creator setting is a variable without a value",
			src: `variable "bootstrap" { type = bool }
resource "aws_eks_cluster" "this" {
  name = "r"
  access_config { bootstrap_cluster_creator_admin_permissions = var.bootstrap }
}`,
			addr: "aws_eks_cluster.this", mode: ConfigMap, creator: CreatorUnknown, cname: "r", version: "unknown version",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": tc.src})
			c := mustCluster(t, m, tc.addr)
			if c.Mode != tc.mode {
				t.Errorf("Mode = %q, want %q", c.Mode, tc.mode)
			}
			if c.Creator != tc.creator {
				t.Errorf("Creator = %d, want %d", c.Creator, tc.creator)
			}
			if c.Name.Display() != tc.cname {
				t.Errorf("Name = %s, want %s", c.Name.Display(), tc.cname)
			}
			if c.Version.String() != tc.version {
				t.Errorf("Version = %s, want %s", c.Version, tc.version)
			}
		})
	}
}

// TestClusterByName checks how a provider's cluster name leads to a
// cluster, defined here or external, and what is said when it does not.
func TestClusterByName(t *testing.T) {
	clusters := `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "shared"
}
resource "aws_eks_cluster" "a" { name = "alpha" }
resource "aws_eks_cluster" "b" { name = "shared" }
module "other" { source = "acme/cluster/aws" }
data "aws_eks_cluster" "a" { name = aws_eks_cluster.a.name }
data "aws_eks_cluster" "unnamed" { name = sensitive(var.secret) }
variable "secret" {
  sensitive = true
  default   = "hidden"
}
`
	for _, tc := range []struct {
		name, expr, cluster, why string
	}{
		{name: "module output", expr: "module.eks.cluster_name", cluster: "module.eks"},
		{name: "resource attribute", expr: "aws_eks_cluster.a.name", cluster: "aws_eks_cluster.a"},
		{name: "data source followed to its name", expr: "data.aws_eks_cluster.a.name", cluster: "aws_eks_cluster.a"},
		{name: "literal name", expr: `"alpha"`, cluster: "aws_eks_cluster.a"},
		{name: "a name two clusters share", expr: `"shared"`, why: "several clusters are named shared"},
		{name: "a name no cluster has", expr: `"gamma"`, cluster: `"gamma"`, why: "the cluster is not defined in this module"},
		{name: "another module", expr: "module.other.name", cluster: "module.other.name", why: "module.other, which eksauth does not recognise"},
		{name: "remote state", expr: "data.terraform_remote_state.eks.outputs.cluster_name", cluster: "data.terraform_remote_state.eks.outputs.cluster_name", why: "outside this module"},
		{name: "data source with no readable name", expr: "data.aws_eks_cluster.unnamed.name", cluster: "data.aws_eks_cluster.unnamed", why: "its name cannot be resolved"},
		{name: "a name that cannot be read", expr: "sensitive(var.secret)", why: "the cluster name cannot be resolved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": clusters + `
data "aws_eks_cluster_auth" "x" { name = ` + tc.expr + ` }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`})
			p := m.Paths[0]
			got := "-"
			if p.Cluster != nil {
				got = p.Cluster.Addr
			}
			if tc.cluster == "" {
				tc.cluster = "-"
			}
			if got != tc.cluster {
				t.Errorf("cluster = %s (%s), want %s", got, p.ClusterWhy, tc.cluster)
			}
			external := p.Cluster != nil && p.Cluster.Kind == ExternalCluster
			if tc.why == "" && (external || p.ClusterWhy != "") {
				t.Errorf("cluster = %s, why %q, want one defined here", got, p.ClusterWhy)
			}
			if tc.why != "" && (p.Cluster != nil && !external || !strings.Contains(p.ClusterWhy, tc.why)) {
				t.Errorf("cluster = %s, why %q, want none here because %q", got, p.ClusterWhy, tc.why)
			}
			if m.Verdict(p).Access != CannotTell && p.Cluster == nil || external && m.Verdict(p).Access != CannotTell {
				t.Errorf("cluster = %s: access %v decided for a cluster not defined here", got, m.Verdict(p).Access)
			}
		})
	}
}

// A cluster a local child defines is found by the name the caller reads it
// by, as a sibling root's is: the child's settings and grants decide.
func TestClusterNamedInALocalChild(t *testing.T) {
	const wrapper = `
variable "cluster_name" { default = "other" }
variable "admins" { default = {} }
module "eks" {
  source         = "terraform-aws-modules/eks/aws"
  version        = "20.24.0"
  cluster_name   = var.cluster_name
  access_entries = var.admins
}
`
	const admins = `{ ci = {
    principal_arn       = "arn:aws:iam::111122223333:role/ci"
    policy_associations = { a = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope = { type = "cluster" } } }
  } }`
	const reader = `
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "this" { name = var.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.this.token }
`
	for _, tc := range []struct {
		name, app string
		want      Access
		label     string
		why       string
	}{
		{
			name: "a literal name, no access entry",
			app: `variable "cluster_name" { default = "dataops" }
module "cluster" {
  source       = "./modules/cluster"
  cluster_name = var.cluster_name
}`,
			want: Denied, label: `EKS cluster module.cluster.module.eks (by its name "dataops")`,
		},
		{
			name: "a literal name, an access entry in the child",
			app: `variable "cluster_name" { default = "dataops" }
module "cluster" {
  source       = "./modules/cluster"
  cluster_name = var.cluster_name
  admins       = ` + admins + `
}`,
			want: Granted,
		},
		{
			name: "a variable without a value, passed down",
			app: `variable "cluster_name" { type = string }
module "cluster" {
  source       = "./modules/cluster"
  cluster_name = var.cluster_name
}`,
			want: Denied, label: "EKS cluster module.cluster.module.eks (by its name var.cluster_name)",
		},
		{
			name: "the caller's own access entry reaches it",
			app: `variable "cluster_name" { default = "dataops" }
module "cluster" {
  source       = "./modules/cluster"
  cluster_name = var.cluster_name
}
resource "aws_eks_access_entry" "ci" {
  cluster_name  = var.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  kubernetes_groups = ["deployers"]
}`,
			want: Granted,
		},
		{
			name: "two children with the name",
			app: `variable "cluster_name" { default = "dataops" }
module "cluster" {
  source       = "./modules/cluster"
  cluster_name = var.cluster_name
}
module "again" {
  source       = "./modules/cluster"
  cluster_name = var.cluster_name
}`,
			want: CannotTell, why: `several local modules define a cluster named dataops`,
		},
		{
			name: "another name",
			app: `variable "cluster_name" { default = "dataops" }
module "cluster" {
  source = "./modules/cluster"
}`,
			want: CannotTell, why: "not defined in this module",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tree(t, map[string]string{"app/modules/cluster/main.tf": wrapper, "app/main.tf": tc.app + reader})
			// File names are relative to where tflint runs, as in a run.
			t.Chdir(filepath.Join(dir, "app"))
			m := loadRoot(t, dir)
			v, p := onlyVerdict(t, m)
			if v.Access != tc.want || !strings.Contains(v.Why, tc.why) {
				t.Fatalf("verdict = %v (%s), want %v (%s); cluster %v", v.Access, v.Why, tc.want, tc.why, p.Cluster)
			}
			if tc.label != "" && p.Cluster.Label() != tc.label {
				t.Errorf("Label() = %q, want %q", p.Cluster.Label(), tc.label)
			}
		})
	}
}

// A cluster a child knows by its caller's variable is named as the
// caller's variable, never by the mark the child keeps it under.
func TestClusterNamedByCallerVariable(t *testing.T) {
	v := resolve.String{Kind: resolve.Named, Text: symbol.Wrap(callerMark + "var.other")}
	if got, want := ClusterNamed(v), "the EKS cluster named by var.other of the calling module"; got != want {
		t.Errorf("ClusterNamed = %q, want %q", got, want)
	}
	b := &builder{m: &Model{}}
	if c := b.external(v, "", hcl.Range{}); c == nil || c.Addr != "var.other of the calling module" {
		t.Errorf("external cluster %+v, want the address var.other of the calling module", c)
	}
}
