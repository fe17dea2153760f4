package model

import (
	"maps"
	"testing"
)

// Two calls of one local module make two grants from each of its lines,
// and whether tflint's run of a call reports a finding there depends on
// that call's arguments: Reports decides each grant with its own call.
func TestReportsDecidesEachCallOnItsOwn(t *testing.T) {
	dir := tree(t, map[string]string{
		"app/main.tf": `
resource "aws_eks_cluster" "this" {
  name = "prod"
  access_config { authentication_mode = "API" }
}
module "alpha" {
  source       = "./modules/team"
  cluster_name = aws_eks_cluster.this.name
  groups       = ["alpha"]
  reader       = "alpha-reader"
}
module "beta" {
  source       = "./modules/team"
  cluster_name = aws_eks_cluster.this.name
  viewers      = ["beta"]
}
module "platform" {
  source       = "./modules/platform"
  cluster_name = aws_eks_cluster.this.name
  operator     = "arn:aws:iam::111122223333:role/operator"
}
module "shared" {
  source       = "./modules/platform"
  cluster_name = aws_eks_cluster.this.name
}
`,
		"app/modules/team/main.tf": `
variable "cluster_name" {}
variable "groups" { default = ["team"] }
variable "viewers" { default = ["viewers"] }
variable "reader" { default = "reader" }
resource "aws_eks_access_entry" "team" {
  cluster_name      = var.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/team"
  kubernetes_groups = var.groups
}
resource "aws_eks_access_entry" "viewer" {
  cluster_name      = var.cluster_name
  principal_arn     = "arn:aws:iam::111122223333:role/viewer"
  kubernetes_groups = var.viewers
}
resource "aws_eks_access_entry" "readers" {
  for_each      = toset(["a", "b"])
  cluster_name  = var.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/${each.key}"
  user_name     = var.reader
}
`,
		"app/modules/platform/main.tf": `
variable "cluster_name" {}
variable "operator" { default = "arn:aws:iam::111122223333:role/default-operator" }
module "access" {
  source       = "./access"
  cluster_name = var.cluster_name
  operator     = var.operator
}
`,
		"app/modules/platform/access/main.tf": `
variable "cluster_name" {}
variable "operator" {}
resource "aws_eks_access_entry" "operator" {
  cluster_name  = var.cluster_name
  principal_arn = var.operator
}
`,
	})
	m := loadRoot(t, dir)
	grants := map[string]*Grant{}
	for _, c := range m.GrantClusters() {
		for _, g := range c.Grants {
			if c.Own(g) {
				grants[g.Source] = g
			}
		}
	}
	for _, tc := range []struct {
		source, call string
		// child is whether tflint's run of the call reports the finding
		// on the call's argument, so the root run must not.
		child bool
	}{
		{"module.alpha.aws_eks_access_entry.team", "module.alpha", true},
		{"module.beta.aws_eks_access_entry.team", "module.beta", false},
		{"module.alpha.aws_eks_access_entry.viewer", "module.alpha", false},
		{"module.beta.aws_eks_access_entry.viewer", "module.beta", true},
		// Two levels down, through the root's argument or the middle
		// module's default.
		{"module.platform.module.access.aws_eks_access_entry.operator", "module.platform.module.access", true},
		{"module.shared.module.access.aws_eks_access_entry.operator", "module.shared.module.access", false},
	} {
		g := grants[tc.source]
		if g == nil {
			t.Errorf("%s: no grant; have %v", tc.source, keys(grants))
			continue
		}
		if got := g.Call(); got != tc.call {
			t.Errorf("%s: made by call %q, want %q", tc.source, got, tc.call)
		}
		rng := g.PrincipalRange()
		if g.GroupsExpr != nil {
			rng = g.GroupsExpr.Range()
		}
		if m.Local(rng) {
			t.Errorf("%s: %s taken for the root module's own file", tc.source, rng)
		}
		if got := m.Reports(g, rng); got == tc.child {
			t.Errorf("%s: root run reports it at %s: %v, want %v", tc.source, rng, got, !tc.child)
		}
	}
	// A template a call makes is that call's too: module.alpha sets the
	// user name of every reader, module.beta leaves it to the module's
	// default.
	templates := map[string]bool{}
	for _, c := range m.GrantClusters() {
		for _, tm := range c.Templates {
			if tm.Key == "user_name" {
				templates[tm.Call()] = m.Reports(tm, tm.Range)
			}
		}
	}
	if want := map[string]bool{"module.alpha": false, "module.beta": true}; !maps.Equal(templates, want) {
		t.Errorf("the root run reports the user_name template of each call: %v, want %v", templates, want)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
