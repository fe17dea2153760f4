package rules

import (
	"fmt"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
)

func TestAccessEntryNoPermissionsModule(t *testing.T) {
	// The entry's item starts on line 7, column 9; its principal is on
	// line 8, columns 23 to 57.
	const module = `module "eks" {
  source             = "terraform-aws-modules/eks/aws"
  version            = "~> 21.0"
  name               = "perms"
  kubernetes_version = "1.33"
  access_entries = {
    a = {
      principal_arn = "arn:aws:iam::111122223333:role/a"
%s
    }
  }
}
`
	const policy = `      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }`
	const msg = `module.eks access_entries["a"] lets arn:aws:iam::111122223333:role/a authenticate to EKS cluster module.eks with no access policy and no Kubernetes group: every request it makes is Forbidden`
	for _, tc := range []struct {
		name string
		body string
		want helper.Issues
	}{
		{
			name: "principal only",
			body: "",
			want: helper.Issues{{Rule: NewAccessEntryNoPermissionsRule(), Message: msg, Range: rng("main.tf", 8, 23, 8, 57)}},
		},
		{
			name: "empty policy_associations",
			body: "      policy_associations = {}",
			want: helper.Issues{{Rule: NewAccessEntryNoPermissionsRule(), Message: msg, Range: rng("main.tf", 8, 23, 8, 57)}},
		},
		{
			name: "misspelt access_policy_associations (terraform-aws-eks 3587)",
			body: "      access_" + policy[6:],
			want: helper.Issues{{
				Rule:    NewAccessEntryNoPermissionsRule(),
				Message: msg + ` (key "access_policy_associations" is not one the module reads: it is dropped without a word)`,
				Range:   rng("main.tf", 7, 9, 15, 6),
			}},
		},
		{
			name: "explicit STANDARD type",
			body: `      type = "STANDARD"`,
			want: helper.Issues{{Rule: NewAccessEntryNoPermissionsRule(), Message: msg, Range: rng("main.tf", 8, 23, 8, 57)}},
		},
		{name: "policy association", body: policy},
		{name: "kubernetes groups", body: `      kubernetes_groups = ["developers"]`},
		{name: "node entry", body: `      type = "EC2_LINUX"`},
		{name: "Fargate entry", body: `      type = "FARGATE_LINUX"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRule(t, NewAccessEntryNoPermissionsRule(), map[string]string{"main.tf": fmt.Sprintf(module, tc.body)}, nil, tc.want)
		})
	}
}

func TestAccessEntryNoPermissionsResource(t *testing.T) {
	const cluster = `resource "aws_eks_cluster" "c" {
  name = "c"
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "e" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/e"
}
`
	for _, tc := range []struct {
		name  string
		assoc string
		want  helper.Issues
	}{
		{
			name: "no association",
			want: helper.Issues{{
				Rule:    NewAccessEntryNoPermissionsRule(),
				Message: "aws_eks_access_entry.e lets arn:aws:iam::111122223333:role/e authenticate to EKS cluster aws_eks_cluster.c with no access policy and no Kubernetes group: every request it makes is Forbidden",
				Range:   rng("main.tf", 10, 19, 10, 53), // the principal
			}},
		},
		{
			name: "association for another principal",
			assoc: `resource "aws_eks_access_policy_association" "other" {
  cluster_name  = "c"
  principal_arn = "arn:aws:iam::111122223333:role/other"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}`,
			want: helper.Issues{{
				Rule:    NewAccessEntryNoPermissionsRule(),
				Message: "aws_eks_access_entry.e lets arn:aws:iam::111122223333:role/e authenticate to EKS cluster aws_eks_cluster.c with no access policy and no Kubernetes group: every request it makes is Forbidden",
				Range:   rng("main.tf", 10, 19, 10, 53), // the principal
			}},
		},
		{
			name: "association through the entry's principal_arn",
			assoc: `resource "aws_eks_access_policy_association" "e" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = aws_eks_access_entry.e.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}`,
		},
		{
			// Written against another entry: that entry's principal, not e's.
			name: "association through another entry's principal_arn",
			assoc: `resource "aws_eks_access_entry" "other" {
  cluster_name      = aws_eks_cluster.c.name
  principal_arn     = "arn:aws:iam::111122223333:role/other"
  kubernetes_groups = ["viewers"]
}

resource "aws_eks_access_policy_association" "other" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = aws_eks_access_entry.other.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}`,
			want: helper.Issues{{
				Rule:    NewAccessEntryNoPermissionsRule(),
				Message: "aws_eks_access_entry.e lets arn:aws:iam::111122223333:role/e authenticate to EKS cluster aws_eks_cluster.c with no access policy and no Kubernetes group: every request it makes is Forbidden",
				Range:   rng("main.tf", 10, 19, 10, 53), // the principal
			}},
		},
		{
			name: "association repeating the ARN",
			assoc: `resource "aws_eks_access_policy_association" "e" {
  cluster_name  = "c"
  principal_arn = "arn:aws:iam::111122223333:role/e"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type       = "namespace"
    namespaces = ["apps"]
  }
}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRule(t, NewAccessEntryNoPermissionsRule(), map[string]string{"main.tf": cluster, "assoc.tf": tc.assoc}, nil, tc.want)
		})
	}
}

// access_entries need not be written as a literal map: a variable with a
// value, a for expression or merge(...) are read as values, and their
// entries checked like any other.
func TestAccessEntryNoPermissionsModuleNotLiteral(t *testing.T) {
	const vars = `variable "entries" {
  default = {
    auditor = { principal_arn = "arn:aws:iam::111122223333:role/auditor" }
    devs = {
      principal_arn     = "arn:aws:iam::111122223333:role/developer"
      kubernetes_groups = ["developers"]
    }
  }
}

variable "roles" {
  default = ["auditor"]
}
`
	const module = `module "eks" {
  source             = "terraform-aws-modules/eks/aws"
  version            = "~> 21.0"
  name               = "perms"
  kubernetes_version = "1.33"
  access_entries     = %s
}
`
	for _, tc := range []struct {
		name string
		expr string
	}{
		{name: "variable", expr: "var.entries"},
		{name: "for expression", expr: `{ for r in var.roles : r => { principal_arn = "arn:aws:iam::111122223333:role/${r}" } }`},
		{name: "merge", expr: `merge(var.entries, { admin = { principal_arn = "arn:aws:iam::111122223333:role/admin", kubernetes_groups = ["admins"] } })`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := vars + "\n" + fmt.Sprintf(module, tc.expr)
			// The entries have no expression of their own: the issue
			// points at the access_entries value.
			col := len("  access_entries     = ") + 1
			checkRule(t, NewAccessEntryNoPermissionsRule(), map[string]string{"main.tf": src}, nil, helper.Issues{{
				Rule:    NewAccessEntryNoPermissionsRule(),
				Message: `module.eks access_entries["auditor"] lets arn:aws:iam::111122223333:role/auditor authenticate to EKS cluster module.eks with no access policy and no Kubernetes group: every request it makes is Forbidden`,
				Range:   rng("main.tf", 20, col, 20, col+len(tc.expr)),
			}})
		})
	}
}

// Associations written as resources count for the module's entries too:
// the same cluster and principal grant what the entry lacks. An
// association whose principal is another reference might name the same
// role, so the entry is not reported.
func TestAccessEntryNoPermissionsModuleAndAssociation(t *testing.T) {
	const module = `module "eks" {
  source             = "terraform-aws-modules/eks/aws"
  version            = "~> 21.0"
  name               = "perms"
  kubernetes_version = "1.33"
  access_entries = {
    a = {
      principal_arn = "arn:aws:iam::111122223333:role/a"
    }
  }
}

module "iam" {
  source = "./iam"
}

resource "aws_eks_cluster" "other" {
  name = "other"
}
`
	const assoc = `resource "aws_eks_access_policy_association" "a" {
  cluster_name  = %s
  principal_arn = %s
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  access_scope {
    type = "cluster"
  }
}
`
	entry := helper.Issues{{
		Rule:    NewAccessEntryNoPermissionsRule(),
		Message: `module.eks access_entries["a"] lets arn:aws:iam::111122223333:role/a authenticate to EKS cluster module.eks with no access policy and no Kubernetes group: every request it makes is Forbidden`,
		Range:   rng("main.tf", 8, 23, 8, 57), // the principal
	}}
	for _, tc := range []struct {
		name      string
		cluster   string
		principal string
		want      helper.Issues
	}{
		{name: "same principal, cluster by module output", cluster: "module.eks.cluster_name", principal: `"arn:aws:iam::111122223333:role/a"`},
		{name: "same principal, cluster by name", cluster: `"perms"`, principal: `"arn:aws:iam::111122223333:role/a"`},
		{name: "principal from another module's output", cluster: "module.eks.cluster_name", principal: "module.iam.role_arn"},
		{name: "another principal", cluster: "module.eks.cluster_name", principal: `"arn:aws:iam::111122223333:role/b"`, want: entry},
		{name: "another cluster", cluster: "aws_eks_cluster.other.name", principal: `"arn:aws:iam::111122223333:role/a"`, want: entry},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"main.tf": module, "assoc.tf": fmt.Sprintf(assoc, tc.cluster, tc.principal)}
			checkRule(t, NewAccessEntryNoPermissionsRule(), files, nil, tc.want)
		})
	}
}
