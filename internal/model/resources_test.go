package model

import "testing"

// TestAccessEntryResources checks aws_eks_access_entry grants and how
// aws_eks_access_policy_association resources are counted for them.
func TestAccessEntryResources(t *testing.T) {
	const cluster = `resource "aws_eks_cluster" "c" {
  name = "c"
  access_config { authentication_mode = "API" }
}
`
	for _, tc := range []struct {
		name, src, want string
	}{
		{
			name: "an entry with no association",
			src: `resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}`,
			want: "access entry arn:aws:iam::111122223333:role/ci policies=0\n",
		},
		{
			name: "an association for the same principal, and one for another",
			src: `resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}
resource "aws_eks_access_policy_association" "ci" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
}
resource "aws_eks_access_policy_association" "other" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/other"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
}`,
			want: "access entry arn:aws:iam::111122223333:role/ci policies=1\n",
		},
		{
			name: "an association written against the entry",
			src: `variable "role" {}
resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = var.role
}
resource "aws_eks_access_policy_association" "ci" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = aws_eks_access_entry.ci.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
}`,
			want: "access entry var.role policies=1\n",
		},
		{
			name: "an association whose principal cannot be read",
			src: `resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}
resource "aws_eks_access_policy_association" "any" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = jsondecode(file("roles.json")).ci
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
}`,
			want: "access entry arn:aws:iam::111122223333:role/ci policies=unknown\n",
		},
		{
			name: "a node entry; a counted-out entry is no grant",
			src: `resource "aws_eks_access_entry" "nodes" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/nodes"
  type          = "EC2_LINUX"
}
resource "aws_eks_access_entry" "gone" {
  count         = 0
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/gone"
}`,
			want: "access entry arn:aws:iam::111122223333:role/nodes node policies=0\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": cluster + tc.src})
			if got := grantLines(mustCluster(t, m, "aws_eks_cluster.c")); got != tc.want {
				t.Errorf("grants:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestAssociationsCountForModuleEntries checks that an association
// resource counts for an entry the module makes without policies.
func TestAssociationsCountForModuleEntries(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c"
  access_entries = {
    ci = { principal_arn = "arn:aws:iam::111122223333:role/ci" }
  }
}
resource "aws_eks_access_policy_association" "ci" {
  cluster_name  = module.eks.cluster_name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
}
`})
	want := "access entry arn:aws:iam::111122223333:role/ci policies=1\n"
	if got := grantLines(mustCluster(t, m, "module.eks")); got != want {
		t.Errorf("grants:\n%s\nwant:\n%s", got, want)
	}
}

// TestNoPermissionsOnlyWhenEveryAssociationIsOthers guards the count the
// no-permissions finding rests on: an entry has known-zero policies only
// when every association in the module is provably for another cluster
// or another principal; any association that may be the entry's leaves
// the count unknown.
func TestNoPermissionsOnlyWhenEveryAssociationIsOthers(t *testing.T) {
	const head = `variable "other_cluster" {}
resource "aws_eks_cluster" "c" {
  name = "c"
  access_config { authentication_mode = "API" }
}
resource "aws_eks_cluster" "d" {
  name = "d"
  access_config { authentication_mode = "API" }
}
resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}
`
	assoc := func(cluster, principal string) string {
		return `resource "aws_eks_access_policy_association" "a" {
  cluster_name  = ` + cluster + `
  principal_arn = ` + principal + `
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
}
`
	}
	const ci, admin = `"arn:aws:iam::111122223333:role/ci"`, `"arn:aws:iam::111122223333:role/admin"`
	for _, tc := range []struct {
		name, src, want string
	}{
		{"the same principal on another defined cluster", assoc("aws_eks_cluster.d.name", ci), "policies=0"},
		{"the same principal on another named cluster", assoc(`"elsewhere"`, ci), "policies=0"},
		{"another principal on a cluster that may be this one", assoc("var.other_cluster", admin), "policies=0"},
		{"the same principal on a cluster named by a variable", assoc("var.other_cluster", ci), "policies=unknown"},
		{"the same principal on a cluster whose name cannot be read", assoc(`jsondecode(file("x.json")).name`, ci), "policies=unknown"},
		{"the same principal on this cluster", assoc("aws_eks_cluster.c.name", ci), "policies=1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": head + tc.src})
			got := grantLines(mustCluster(t, m, "aws_eks_cluster.c"))
			if want := "access entry arn:aws:iam::111122223333:role/ci " + tc.want + "\n"; got != want {
				t.Errorf("grants:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestWrapperEntryPoliciesOpen checks that an access entry given to a
// local wrapper recognised by its inputs has no known-zero policy count:
// the wrapper may attach policies through inputs of its own.
func TestWrapperEntryPoliciesOpen(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
module "eks" {
  source       = "./modules/eks"
  cluster_name = "c"
  access_entries = {
    ci = { principal_arn = "arn:aws:iam::111122223333:role/ci" }
  }
  access_entries_policies = {
    ci = { principal_arn = "arn:aws:iam::111122223333:role/ci", policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy" }
  }
}
`})
	want := "access entry arn:aws:iam::111122223333:role/ci policies=unknown\n"
	if got := grantLines(mustCluster(t, m, "module.eks")); got != want {
		t.Errorf("grants:\n%s\nwant:\n%s", got, want)
	}
}
