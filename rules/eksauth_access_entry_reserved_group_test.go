package rules

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
)

func TestAccessEntryReservedGroup(t *testing.T) {
	// A finding points at what to edit: the group's item of the list on
	// line 9 (the list starts at column 27), or the user name on line 10.
	const module = `module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "reserved"
  cluster_version = "1.30"
  access_entries = {
    a = {
      principal_arn     = "arn:aws:iam::111122223333:role/a"
      kubernetes_groups = %s
      user_name         = %q
    }
  }
}
`
	userName := func(v string) hcl.Range { return rng("main.tf", 10, 27, 10, 27+len(fmt.Sprintf("%q", v))) }
	const prefix = `module.eks access_entries["a"] for EKS cluster module.eks `
	for _, tc := range []struct {
		name     string
		groups   string
		userName string
		want     helper.Issues
	}{
		{
			name:     "system:masters copied from aws-auth",
			groups:   `["system:masters"]`,
			userName: "admin",
			want: helper.Issues{{
				Rule:    NewAccessEntryReservedGroupRule(),
				Message: prefix + `gives arn:aws:iam::111122223333:role/a the Kubernetes group "system:masters": EKS rejects access entry groups that start with "system:"; associate an access policy (e.g. AmazonEKSClusterAdminPolicy) instead`,
				Range:   rng("main.tf", 9, 28, 9, 44),
			}},
		},
		{
			name:     "one reserved group among others",
			groups:   `["ops", "system:nodes"]`,
			userName: "ops",
			want: helper.Issues{{
				Rule:    NewAccessEntryReservedGroupRule(),
				Message: prefix + `gives arn:aws:iam::111122223333:role/a the Kubernetes group "system:nodes": EKS rejects access entry groups that start with "system:"; associate an access policy (e.g. AmazonEKSClusterAdminPolicy) instead`,
				Range:   rng("main.tf", 9, 35, 9, 49),
			}},
		},
		{
			name:     "groups that merely mention system",
			groups:   `["platform-system", "system-readers", "SYSTEM"]`,
			userName: "reader",
		},
		{
			name:     "reserved user name prefix eks:",
			groups:   `["ops"]`,
			userName: "eks:ops",
			want: helper.Issues{{
				Rule:    NewAccessEntryReservedGroupRule(),
				Message: prefix + `gives arn:aws:iam::111122223333:role/a the user_name "eks:ops": EKS rejects user names that start with "eks:"`,
				Range:   userName("eks:ops"),
			}},
		},
		{
			name:     "a reserved group and a reserved user name",
			groups:   `["system:masters"]`,
			userName: "system:admin",
			want: helper.Issues{
				{
					Rule:    NewAccessEntryReservedGroupRule(),
					Message: prefix + `gives arn:aws:iam::111122223333:role/a the Kubernetes group "system:masters": EKS rejects access entry groups that start with "system:"; associate an access policy (e.g. AmazonEKSClusterAdminPolicy) instead`,
					Range:   rng("main.tf", 9, 28, 9, 44),
				},
				{
					Rule:    NewAccessEntryReservedGroupRule(),
					Message: prefix + `gives arn:aws:iam::111122223333:role/a the user_name "system:admin": EKS rejects user names that start with "system:"`,
					Range:   userName("system:admin"),
				},
			},
		},
		{
			name:     "session-name template",
			groups:   `["ops"]`,
			userName: "ops:{{SessionName}}",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRule(t, NewAccessEntryReservedGroupRule(), map[string]string{"main.tf": fmt.Sprintf(module, tc.groups, tc.userName)}, nil, tc.want)
		})
	}
}

func TestAccessEntryReservedGroupPrefixes(t *testing.T) {
	const resource = `resource "aws_eks_cluster" "c" {
  name = "c"
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "e" {
  cluster_name  = "c"
  principal_arn = "arn:aws:iam::111122223333:role/e"
  user_name     = %q
}
`
	for _, p := range []string{"system:", "eks:", "aws:", "amazon:", "iam:"} {
		t.Run(p, func(t *testing.T) {
			checkRule(t, NewAccessEntryReservedGroupRule(), map[string]string{"main.tf": fmt.Sprintf(resource, p+"deployer")}, nil, helper.Issues{{
				Rule:    NewAccessEntryReservedGroupRule(),
				Message: fmt.Sprintf(`aws_eks_access_entry.e for EKS cluster aws_eks_cluster.c gives arn:aws:iam::111122223333:role/e the user_name %q: EKS rejects user names that start with %q`, p+"deployer", p),
				Range:   rng("main.tf", 11, 19, 11, 19+len(p+"deployer")+2), // the user name
			}})
		})
	}
	// Look-alikes: the prefix without its colon, or not at the start.
	for _, name := range []string{"eks-deployer", "deployer:eks:", "iamdeployer"} {
		t.Run(name, func(t *testing.T) {
			checkRule(t, NewAccessEntryReservedGroupRule(), map[string]string{"main.tf": fmt.Sprintf(resource, name)}, nil, nil)
		})
	}
}

// aws-auth has no such restriction: system:masters is its usual group.
func TestAccessEntryReservedGroupIgnoresAWSAuth(t *testing.T) {
	const src = `module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "19.21.0"
  cluster_name              = "legacy"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/admin", username = "system:admin", groups = ["system:masters"] },
  ]
}
`
	checkRule(t, NewAccessEntryReservedGroupRule(), map[string]string{"main.tf": src}, nil, nil)
}
