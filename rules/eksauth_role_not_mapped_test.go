package rules

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/helper"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
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
				Message: "kubernetes provider authenticates to EKS cluster aws_eks_cluster.c as arn:aws:iam::111122223333:role/ci (assume_role of provider aws), which aws_eks_access_entry.admin does not grant access to; only the principal that created the cluster has implicit access; to fix, add an aws_eks_access_entry for arn:aws:iam::111122223333:role/ci (like aws_eks_access_entry.admin) with an access policy association; if arn:aws:iam::111122223333:role/ci created this cluster, list it in cluster_creator_arns",
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

// TestRoleNotMappedOnlyAssumedRole checks the run's own credentials where
// the cluster lets in nobody but node roles and the role its AWS provider
// assumes: they are what the role is assumed from, never the role.
func TestRoleNotMappedOnlyAssumedRole(t *testing.T) {
	const cluster = `provider "aws" {}
provider "aws" {
  alias = "deployer"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer"
  }
}
resource "aws_eks_cluster" "c" {
  provider = aws.deployer
  name     = "c"
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}
resource "aws_eks_access_entry" "deployer" {
  cluster_name  = "c"
  principal_arn = "arn:aws:iam::111122223333:role/deployer"
}
resource "aws_eks_access_entry" "nodes" {
  cluster_name  = "c"
  principal_arn = "arn:aws:iam::111122223333:role/nodes"
  type          = "EC2_LINUX"
}
data "aws_eks_cluster_auth" "c" {
  name = "c"
}
`
	const lets = "which the cluster does not let in: only node roles and arn:aws:iam::111122223333:role/deployer (assume_role of provider aws.deployer, main.tf:5) get in, through aws_eks_access_entry.deployer (main.tf:18), and the credentials a role is assumed from are never that role; "
	for _, tc := range []struct {
		name, prov string
		want       helper.Issues
	}{
		{
			name: "exec",
			prov: `provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c"]
  }
}`,
			want: helper.Issues{{
				Rule:    NewRoleNotMappedRule(),
				Message: "kubernetes provider authenticates to EKS cluster aws_eks_cluster.c with the run's own credentials (ambient credentials of aws eks get-token), " + lets + `aws eks get-token does not use the AWS provider's assume_role: add "--role-arn", "arn:aws:iam::111122223333:role/deployer" to the exec args`,
				Range:   rng("providers.tf", 2, 3, 2, 7),
			}},
		},
		{
			name: "token through the default provider",
			prov: `provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}`,
			want: helper.Issues{{
				Rule:    NewRoleNotMappedRule(),
				Message: "kubernetes provider authenticates to EKS cluster aws_eks_cluster.c with the run's own credentials (ambient credentials of provider aws), " + lets + "data.aws_eks_cluster_auth.c is signed by provider aws, which assumes no role: give it provider = aws.deployer",
				Range:   rng("providers.tf", 2, 11, 2, 44),
			}},
		},
		{
			name: "exec with --role-arn of the deployer",
			prov: `provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c", "--role-arn", "arn:aws:iam::111122223333:role/deployer"]
  }
}`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"main.tf": cluster, "providers.tf": tc.prov}
			checkRule(t, NewRoleNotMappedRule(), files, nil, tc.want)
		})
	}
}

// The creator's implicit access is what no configuration shows: the
// message says how to declare it where the verdict took the creator to be
// someone else, and not where cluster_creator_arns says who it is or the
// cluster gives its creator nothing.
func TestRoleNotMappedCreatorClause(t *testing.T) {
	const aws = `
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
data "aws_eks_cluster_auth" "c" {
  name = "c"
}
provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}
`
	const implicit = `resource "aws_eks_cluster" "c" {
  name = "c"
}
`
	const none = `resource "aws_eks_cluster" "c" {
  name = "c"
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}
`
	const clause = "; if arn:aws:iam::111122223333:role/ci created this cluster, list it in cluster_creator_arns"
	for _, tc := range []struct {
		name    string
		cluster string
		opts    *model.Options
		want    bool
	}{
		{"creator implicit and not declared", implicit, nil, true},
		{"creator declared", implicit, &model.Options{ClusterCreators: principals(t, "arn:aws:iam::111122223333:role/admin")}, false},
		{"creator has no access", none, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runner := helper.TestRunner(t, map[string]string{"main.tf": tc.cluster, "aws.tf": aws})
			var r tflint.Runner = runner
			if tc.opts != nil {
				r = optionsRunner{Runner: runner, opts: *tc.opts}
			}
			if err := NewRoleNotMappedRule().Check(r); err != nil {
				t.Fatal(err)
			}
			if len(runner.Issues) != 1 {
				t.Fatalf("issues = %v, want one", runner.Issues)
			}
			if got := strings.HasSuffix(runner.Issues[0].Message, clause); got != tc.want {
				t.Errorf("message %q ends with the creator clause: %v, want %v", runner.Issues[0].Message, got, tc.want)
			}
		})
	}
}
