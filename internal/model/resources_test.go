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
