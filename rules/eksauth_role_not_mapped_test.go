package rules

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/helper"
)

// These unit tests use literal roles only: helper.TestRunner evaluates
// neither module nor data references like real tflint, so everything that
// follows them is proven end to end in testdata/ (see internal/e2e).
func TestRoleNotMapped(t *testing.T) {
	const cluster = `
resource "aws_eks_cluster" "c" {
  name = "c"
  access_config {
    authentication_mode = "API"
  }
}
resource "aws_eks_access_entry" "admin" {
  cluster_name  = "c"
  principal_arn = "arn:aws:iam::111122223333:role/admin"
}
data "aws_eks_cluster_auth" "c" {
  name = "c"
}
provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}
`
	for _, tc := range []struct {
		name string
		aws  string
		want helper.Issues
	}{
		{
			name: "unmapped role",
			aws: `
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}`,
			want: helper.Issues{{
				Rule:    NewRoleNotMappedRule(),
				Message: "kubernetes provider authenticates to EKS cluster aws_eks_cluster.c as arn:aws:iam::111122223333:role/ci (assume_role of provider aws), which aws_eks_access_entry.admin does not grant access to; only the principal that created the cluster has implicit access; to fix, add an aws_eks_access_entry for arn:aws:iam::111122223333:role/ci (like aws_eks_access_entry.admin) with an access policy association",
				Range: hcl.Range{
					Filename: "aws.tf",
					Start:    hcl.Pos{Line: 4, Column: 16},
					End:      hcl.Pos{Line: 4, Column: 51},
				},
			}},
		},
		{
			name: "mapped role, other case",
			aws: `
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ADMIN"
  }
}`,
		},
		{
			name: "ambient credentials, nobody declared",
			aws:  `provider "aws" {}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runner := helper.TestRunner(t, map[string]string{"main.tf": cluster, "aws.tf": tc.aws})
			if err := NewRoleNotMappedRule().Check(runner); err != nil {
				t.Fatal(err)
			}
			want := tc.want
			if want == nil {
				want = helper.Issues{}
			}
			helper.AssertIssues(t, want, runner.Issues)
		})
	}
}
