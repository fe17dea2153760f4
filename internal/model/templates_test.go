package model

import (
	"fmt"
	"strings"
	"testing"
)

// TestTemplates checks which literal parts of grant templates are read,
// and that values built from the iteration keep only their literal
// beginning.
func TestTemplates(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
variable "roles" {
  type    = list(string)
  default = []
}
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name   = "c"
  access_entries = merge(
    { for r in var.roles : r => { principal_arn = r, kubernetes_groups = ["system:masters", "${r}-x"], user_name = "eks:${r}" } },
    { fixed = { principal_arn = "arn:aws:iam::111122223333:role/a", kubernetes_groups = ["ops"] } },
  )
}
resource "aws_eks_cluster" "raw" {
  name     = "raw"
  role_arn = "arn:aws:iam::111122223333:role/eks"
}
resource "aws_eks_access_entry" "each" {
  for_each          = toset(var.roles)
  cluster_name      = aws_eks_cluster.raw.name
  principal_arn     = each.value
  kubernetes_groups = ["system:nodes"]
}
resource "aws_eks_access_entry" "plain" {
  cluster_name      = aws_eks_cluster.raw.name
  principal_arn     = "arn:aws:iam::111122223333:role/plain"
  kubernetes_groups = ["system:masters"]
}
`})
	got := templateLines(mustCluster(t, m, "module.eks")) + templateLines(mustCluster(t, m, "aws_eks_cluster.raw"))
	want := `module.eks access_entries kubernetes_groups "system:masters" over "every element of the for expression over var.roles"
module.eks access_entries user_name prefix "eks:" over "every element of the for expression over var.roles"
module.eks access_entries principal_arn "arn:aws:iam::111122223333:role/a" over ""
module.eks access_entries kubernetes_groups "ops" over ""
aws_eks_access_entry.each kubernetes_groups "system:nodes" over "every instance of its for_each over toset(var.roles)"
`
	if got != want {
		t.Errorf("templates:\n%s\nwant:\n%s", got, want)
	}
}

func templateLines(c *Cluster) string {
	var b strings.Builder
	for _, tp := range c.Templates {
		v := fmt.Sprintf("%q", tp.Value.Text)
		if tp.Prefix != "" {
			v = fmt.Sprintf("prefix %q", tp.Prefix)
		}
		fmt.Fprintf(&b, "%s %s %s over %q\n", tp.Source, tp.Key, v, tp.Over)
	}
	return b.String()
}
