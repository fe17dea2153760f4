package model

import (
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// TestExternalClusterIsShared checks that a provider, an access entry, a
// policy association and an aws-auth ConfigMap that name one cluster this
// module does not define all reach the same Cluster value, and that
// nothing is decided about it.
func TestExternalClusterIsShared(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
variable "cluster" { default = "prod" }
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster" "prod" { name = var.cluster }
data "aws_eks_cluster_auth" "prod" { name = var.cluster }
provider "kubernetes" {
  host  = data.aws_eks_cluster.prod.endpoint
  token = data.aws_eks_cluster_auth.prod.token
}
resource "aws_eks_access_entry" "ops" {
  cluster_name  = "prod"
  principal_arn = "arn:aws:iam::111122223333:role/ops"
}
resource "aws_eks_access_policy_association" "ops" {
  cluster_name  = data.aws_eks_cluster.prod.name
  principal_arn = "arn:aws:iam::111122223333:role/ops"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope { type = "cluster" }
}
resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([{ rolearn = "arn:aws:iam::111122223333:role/ci", username = "ci", groups = ["deployers"] }])
  }
}
`})
	ext := m.ExternalClusters()
	if len(ext) != 1 || len(m.Clusters) != 1 {
		t.Fatalf("%d clusters, %d external, want the one external cluster prod", len(m.Clusters), len(ext))
	}
	c := ext[0]
	if name, ok := c.KnownName(); !ok || name != "prod" || c.Addr != `"prod"` {
		t.Errorf("external cluster %s, name %q %v, want \"prod\"", c.Addr, name, ok)
	}
	if got := m.ExternalCluster(resolve.String{Kind: resolve.Known, Text: "prod"}); got != c {
		t.Errorf("ExternalCluster(prod) = %v, want the shared one", got)
	}
	if c.Mode != "" || c.Creator != CreatorUnknown {
		t.Errorf("an external cluster's mode %q and creator %d must be unknown", c.Mode, c.Creator)
	}
	want := "access entry arn:aws:iam::111122223333:role/ops policies=1\nmapRoles arn:aws:iam::111122223333:role/ci\n"
	if got := grantLines(c); got != want {
		t.Errorf("grants:\n%swant:\n%s", got, want)
	}
	p := m.Paths[0]
	if p.Cluster != c {
		t.Fatalf("the provider reaches %v, not the cluster its grants name", p.Cluster)
	}
	// The provider's own role is mapped, and still nothing is decided:
	// the cluster's mode and other grants are elsewhere.
	if v := m.Verdict(p); v.Access != CannotTell || v.Why != "the cluster is not defined in this module" {
		t.Errorf("verdict %v (%s), want cannot tell, not defined here", v.Access, v.Why)
	}
	if d := c.Describe(); d != `EKS cluster "prod" (defined outside this module)` {
		t.Errorf("Describe() = %s", d)
	}
}

// TestExternalClusterIdentity checks what an external cluster is known by
// when its name is not: the reference it comes from, the same for every
// grant and provider that uses it.
func TestExternalClusterIdentity(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
data "aws_eks_cluster_auth" "x" { name = data.terraform_remote_state.eks.outputs.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
resource "aws_eks_access_entry" "a" {
  cluster_name      = data.terraform_remote_state.eks.outputs.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/a"
  kubernetes_groups = ["readers"]
}
resource "aws_eks_access_entry" "b" {
  cluster_name      = "${var.env}-eks"
  principal_arn     = "arn:aws:iam::111122223333:role/b"
  kubernetes_groups = ["readers"]
}
variable "env" {}
`})
	var got []string
	for _, c := range m.ExternalClusters() {
		ref, _ := c.NameRef()
		got = append(got, c.Addr+" ref="+ref+" grants="+strings.TrimSpace(grantLines(c)))
	}
	want := []string{
		"data.terraform_remote_state.eks.outputs.cluster_name ref=data.terraform_remote_state.eks.outputs.cluster_name grants=access entry arn:aws:iam::111122223333:role/a policies=0",
		`"<var.env>-eks" ref= grants=access entry arn:aws:iam::111122223333:role/b policies=0`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("external clusters:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if m.Paths[0].Cluster != m.ExternalClusters()[0] {
		t.Errorf("the provider does not reach the remote-state cluster its entry names")
	}
}

// TestUnidentifiedClusterGrants checks grants whose cluster cannot be told
// at all: they are kept, each source on a cluster of its own that says
// why, and clusters defined here no longer count as fully known.
func TestUnidentifiedClusterGrants(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
module "aws_auth" {
  source  = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version = "~> 20.0"
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/a", username = "a", groups = ["g"] }]
}
resource "aws_eks_access_entry" "e" {
  cluster_name      = module.names.cluster
  principal_arn     = "arn:aws:iam::111122223333:role/e"
  kubernetes_groups = ["g"]
}
`})
	if len(m.ExternalClusters()) != 1 {
		t.Errorf("external clusters %d, want module.names.cluster only", len(m.ExternalClusters()))
	}
	var un []*Cluster
	for _, c := range m.Clusters {
		if !c.Identified() {
			un = append(un, c)
		}
	}
	if len(un) != 1 {
		t.Fatalf("%d unidentified clusters, want one for module.aws_auth", len(un))
	}
	if got := grantLines(un[0]); got != "mapRoles arn:aws:iam::111122223333:role/a\n" {
		t.Errorf("grants of the aws-auth submodule's cluster: %s", got)
	}
	if d := un[0].Describe(); d != "an EKS cluster eksauth cannot identify (it is applied with provider kubernetes, which this module does not configure)" {
		t.Errorf("Describe() = %s", d)
	}

	// A cluster defined here may be the one an unidentified grant is for.
	m = load(t, Options{}, map[string]string{"main.tf": `
resource "aws_eks_cluster" "c" {
  name = "c"
  access_config { authentication_mode = "API" }
}
data "aws_eks_cluster_auth" "c" { name = aws_eks_cluster.c.name }
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
provider "kubernetes" { token = data.aws_eks_cluster_auth.c.token }
resource "aws_eks_access_entry" "maybe" {
  cluster_name  = sensitive(var.name)
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}
resource "aws_eks_access_entry" "other" {
  cluster_name  = "other"
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}
variable "name" {}
`})
	c := mustCluster(t, m, "aws_eks_cluster.c")
	if strings.Join(c.Hidden, ";") != "aws_eks_access_entry.maybe (its cluster cannot be identified)" {
		t.Errorf("hidden = %q, want the entry with no readable cluster name only", c.Hidden)
	}
	if v := m.Verdict(m.Paths[0]); v.Access != CannotTell {
		t.Errorf("verdict %v, want cannot tell while an entry may be this cluster's", v.Access)
	}
}

// TestExternalClusterLongName checks that a huge name from the
// configuration identifies its cluster whole but is shown shortened.
func TestExternalClusterLongName(t *testing.T) {
	long := strings.Repeat("n", 5000)
	m := load(t, Options{}, map[string]string{"main.tf": `
resource "aws_eks_access_entry" "a" {
  cluster_name      = "` + long + `"
  principal_arn     = "arn:aws:iam::111122223333:role/a"
  kubernetes_groups = ["g"]
}
resource "aws_eks_access_entry" "b" {
  cluster_name      = "` + long + `"
  principal_arn     = "arn:aws:iam::111122223333:role/b"
  kubernetes_groups = ["g"]
}
`})
	ext := m.ExternalClusters()
	if len(ext) != 1 || len(ext[0].Grants) != 2 {
		t.Fatalf("%d external clusters, want one with both entries", len(ext))
	}
	if name, _ := ext[0].KnownName(); name != long {
		t.Errorf("the cluster is not identified by its whole name")
	}
	if n := len(ext[0].Describe()); n > 200 {
		t.Errorf("Describe() is %d bytes long", n)
	}
}

// TestDefinedClusterBeforeExternal checks that a provider whose token
// names no cluster here but whose host is a defined cluster's endpoint
// keeps that cluster: the external name does not take its verdict away.
func TestDefinedClusterBeforeExternal(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
resource "aws_eks_cluster" "c" { name = "c" }
data "aws_eks_cluster_auth" "x" { name = "elsewhere" }
provider "kubernetes" {
  host  = aws_eks_cluster.c.endpoint
  token = data.aws_eks_cluster_auth.x.token
}
provider "kubernetes" {
  alias = "url"
  host  = "https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com"
  token = data.aws_eks_cluster_auth.x.token
}
`})
	for _, p := range m.Paths {
		got := "-"
		if p.Cluster != nil {
			got = p.Cluster.Addr
		}
		want := map[string]string{"kubernetes": "aws_eks_cluster.c", "kubernetes.url": `"elsewhere"`}[p.Provider.Name()]
		if got != want {
			t.Errorf("%s reaches %s (%s), want %s", p.Provider.Name(), got, p.ClusterWhy, want)
		}
	}
	if len(m.ExternalClusters()) != 1 {
		t.Errorf("%d external clusters, want the one named elsewhere (a host is not a name)", len(m.ExternalClusters()))
	}
}
