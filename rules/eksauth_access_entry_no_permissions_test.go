package rules

import (
	"fmt"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
)

func TestAccessEntryNoPermissionsModule(t *testing.T) {
	// The entry's item starts on line 7, column 9.
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
			want: helper.Issues{{Rule: NewAccessEntryNoPermissionsRule(), Message: msg, Range: rng("main.tf", 7, 9, 10, 6)}},
		},
		{
			name: "empty policy_associations",
			body: "      policy_associations = {}",
			want: helper.Issues{{Rule: NewAccessEntryNoPermissionsRule(), Message: msg, Range: rng("main.tf", 7, 9, 10, 6)}},
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
			want: helper.Issues{{Rule: NewAccessEntryNoPermissionsRule(), Message: msg, Range: rng("main.tf", 7, 9, 10, 6)}},
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
				Range:   rng("main.tf", 8, 1, 8, 36),
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
				Range:   rng("main.tf", 8, 1, 8, 36),
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
