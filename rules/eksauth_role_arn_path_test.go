package rules

import (
	"fmt"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/helper"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
)

// optionsRunner is a helper.TestRunner that builds the model with plugin
// options (execution_roles, cluster_creator_arns), as the eksauth runner
// does in a real tflint run.
type optionsRunner struct {
	*helper.Runner
	opts model.Options
}

func (r optionsRunner) EKSAuthModel() (*model.Model, error) { return model.Build(r.Runner, r.opts) }

// principals parses ARNs for model.Options.
func principals(t *testing.T, arns ...string) []arn.Principal {
	t.Helper()
	var out []arn.Principal
	for _, s := range arns {
		p, err := arn.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// checkRule runs one rule over files with a helper.TestRunner (with
// options when opts is not nil) and asserts exactly the wanted issues.
func checkRule(t *testing.T, rule tflint.Rule, files map[string]string, opts *model.Options, want helper.Issues) *helper.Runner {
	t.Helper()
	runner := helper.TestRunner(t, files)
	var r tflint.Runner = runner
	if opts != nil {
		r = optionsRunner{Runner: runner, opts: *opts}
	}
	if err := rule.Check(r); err != nil {
		t.Fatal(err)
	}
	if want == nil {
		want = helper.Issues{}
	}
	helper.AssertIssues(t, want, runner.Issues)
	return runner
}

// rng is a range on one line or several, columns 1-based.
func rng(file string, line, col, endLine, endCol int) hcl.Range {
	return hcl.Range{Filename: file, Start: hcl.Pos{Line: line, Column: col}, End: hcl.Pos{Line: endLine, Column: endCol}}
}

func TestRoleARNPath(t *testing.T) {
	const v19 = `module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "19.21.0"
  cluster_name              = "paths"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = %q, username = "a", groups = ["system:masters"] },
  ]
}
`
	const v19Users = `module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "19.21.0"
  cluster_name              = "paths"
  manage_aws_auth_configmap = true
  aws_auth_users = [
    { userarn = %q, username = "a", groups = ["system:masters"] },
  ]
}
`
	const v20Entry = `module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "~> 20.0"
  cluster_name    = "paths"
  cluster_version = "1.30"
  access_entries = {
    a = {
      principal_arn     = %q
      kubernetes_groups = ["admins"]
    }
  }
}
`
	const sso = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef"
	for _, tc := range []struct {
		name string
		src  string
		want helper.Issues
	}{
		{
			name: "SSO role with its path in aws_auth_roles",
			src:  fmt.Sprintf(v19, sso),
			want: helper.Issues{{
				Rule:    NewRoleARNPathRule(),
				Message: "module.eks aws_auth_roles[0] for EKS cluster module.eks writes " + sso + " with the IAM path /aws-reserved/sso.amazonaws.com/eu-west-1/: aws-auth compares the path-less ARN STS presents, so it never matches; write arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef",
				Range:   rng("main.tf", 7, 17, 7, 17+len(sso)+2),
			}},
		},
		{
			name: "service-role path in aws_auth_users",
			src:  fmt.Sprintf(v19Users, "arn:aws:iam::111122223333:role/service-role/ci"),
			want: helper.Issues{{
				Rule:    NewRoleARNPathRule(),
				Message: "module.eks aws_auth_users[0] for EKS cluster module.eks writes arn:aws:iam::111122223333:role/service-role/ci with the IAM path /service-role/: aws-auth compares the path-less ARN STS presents, so it never matches; write arn:aws:iam::111122223333:role/ci",
				Range:   rng("main.tf", 7, 17, 7, 65),
			}},
		},
		{
			name: "STS session as rolearn",
			src:  fmt.Sprintf(v19, "arn:aws:sts::111122223333:assumed-role/deployer/ci"),
			want: helper.Issues{{
				Rule:    NewRoleARNPathRule(),
				Message: "module.eks aws_auth_roles[0] for EKS cluster module.eks names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci, which aws-auth never matches: use the role ARN arn:aws:iam::111122223333:role/deployer",
				Range:   rng("main.tf", 7, 17, 7, 69),
			}},
		},
		{
			name: "STS session as userarn",
			src:  fmt.Sprintf(v19Users, "arn:aws:sts::111122223333:assumed-role/deployer/ci"),
			want: helper.Issues{{
				Rule:    NewRoleARNPathRule(),
				Message: "module.eks aws_auth_users[0] for EKS cluster module.eks names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci, which aws-auth never matches: use the role ARN arn:aws:iam::111122223333:role/deployer",
				Range:   rng("main.tf", 7, 17, 7, 69),
			}},
		},
		{
			name: "STS session as access entry principal_arn",
			src:  fmt.Sprintf(v20Entry, "arn:aws:sts::111122223333:assumed-role/deployer/ci"),
			want: helper.Issues{{
				Rule:    NewRoleARNPathRule(),
				Message: "module.eks access_entries[\"a\"] for EKS cluster module.eks names the STS session arn:aws:sts::111122223333:assumed-role/deployer/ci: EKS rejects session ARNs in access entries; use the role ARN arn:aws:iam::111122223333:role/deployer",
				Range:   rng("main.tf", 8, 27, 8, 79),
			}},
		},
		{
			name: "role without a path",
			src:  fmt.Sprintf(v19, "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef"),
		},
		{
			name: "plain role as userarn",
			src:  fmt.Sprintf(v19Users, "arn:aws:iam::111122223333:role/ci"),
		},
		{
			name: "IAM user with a path",
			src:  fmt.Sprintf(v19Users, "arn:aws:iam::111122223333:user/engineering/alice"),
		},
		{
			name: "access entry with a path",
			src:  fmt.Sprintf(v20Entry, sso),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRule(t, NewRoleARNPathRule(), map[string]string{"main.tf": tc.src}, nil, tc.want)
		})
	}
}

func TestRoleARNPathConfigMap(t *testing.T) {
	const src = `variable "account_id" {
  default = "111122223333"
}

resource "aws_eks_cluster" "this" {
  name = "cm"
}

data "aws_eks_cluster_auth" "this" {
  name = "cm"
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.this.token
}

resource "kubernetes_config_map" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([
      { rolearn = "arn:aws:iam::${var.account_id}:role/service-role/deployer", username = "d", groups = ["system:masters"] },
    ])
    mapUsers = <<-YAML
      - userarn: arn:aws:iam::111122223333:role/team/ops
        username: ops
        groups: [system:masters]
    YAML
  }
}
`
	runner := checkRule(t, NewRoleARNPathRule(), map[string]string{"main.tf": src}, nil, helper.Issues{
		{
			Rule:    NewRoleARNPathRule(),
			Message: "kubernetes_config_map.aws_auth mapRoles[0] for EKS cluster aws_eks_cluster.this writes arn:aws:iam::111122223333:role/service-role/deployer with the IAM path /service-role/: aws-auth compares the path-less ARN STS presents, so it never matches; write arn:aws:iam::111122223333:role/deployer",
			Range:   rng("main.tf", 24, 19, 24, 78),
		},
		{
			// Inside YAML text the entry has no expression of its own: the
			// issue points at the whole value.
			Rule:    NewRoleARNPathRule(),
			Message: "kubernetes_config_map.aws_auth mapUsers[0] for EKS cluster aws_eks_cluster.this writes arn:aws:iam::111122223333:role/team/ops with the IAM path /team/: aws-auth compares the path-less ARN STS presents, so it never matches; write arn:aws:iam::111122223333:role/ops",
			Range:   rng("main.tf", 26, 16, 30, 9),
		},
	})
	// Neither is a literal string: nothing to rewrite.
	helper.AssertChanges(t, map[string]string{}, runner.Changes())
}

func TestRoleARNPathFix(t *testing.T) {
	const src = `module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "19.21.0"
  cluster_name              = "paths"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef", username = "sso", groups = ["system:masters"] },
    { rolearn = "arn:aws:sts::111122223333:assumed-role/deployer/ci", username = "deployer", groups = ["system:masters"] },
    { rolearn = "arn:aws:iam::111122223333:role/ops", username = "ops", groups = ["system:masters"] },
  ]
}

module "v21" {
  source             = "terraform-aws-modules/eks/aws"
  version            = "~> 21.0"
  name               = "v21"
  kubernetes_version = "1.33"
  access_entries = {
    session = {
      principal_arn     = "arn:aws:sts::111122223333:assumed-role/admin/jane"
      kubernetes_groups = ["admins"]
    }
  }
}
`
	const fixed = `module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "19.21.0"
  cluster_name              = "paths"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef", username = "sso", groups = ["system:masters"] },
    { rolearn = "arn:aws:iam::111122223333:role/deployer", username = "deployer", groups = ["system:masters"] },
    { rolearn = "arn:aws:iam::111122223333:role/ops", username = "ops", groups = ["system:masters"] },
  ]
}

module "v21" {
  source             = "terraform-aws-modules/eks/aws"
  version            = "~> 21.0"
  name               = "v21"
  kubernetes_version = "1.33"
  access_entries = {
    session = {
      principal_arn     = "arn:aws:iam::111122223333:role/admin"
      kubernetes_groups = ["admins"]
    }
  }
}
`
	runner := helper.TestRunner(t, map[string]string{"main.tf": src})
	if err := NewRoleARNPathRule().Check(runner); err != nil {
		t.Fatal(err)
	}
	if len(runner.Issues) != 3 {
		t.Fatalf("got %d issues, want 3: %v", len(runner.Issues), runner.Issues)
	}
	helper.AssertChanges(t, map[string]string{"main.tf": fixed}, runner.Changes())
}

// An ARN built from a reference tflint cannot evaluate keeps the reference
// readable in the suggestion, and is never rewritten by --fix.
func TestRoleARNPathPlaceholder(t *testing.T) {
	const src = `data "aws_caller_identity" "current" {}

module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "19.21.0"
  cluster_name              = "paths"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/service-role/x", username = "x", groups = ["system:masters"] },
    { rolearn = "arn:aws:sts::${data.aws_caller_identity.current.account_id}:assumed-role/deployer/ci", username = "d", groups = ["system:masters"] },
  ]
}
`
	const acct = "<data.aws_caller_identity.current.account_id>"
	runner := checkRule(t, NewRoleARNPathRule(), map[string]string{"main.tf": src}, nil, helper.Issues{
		{
			Rule:    NewRoleARNPathRule(),
			Message: "module.eks aws_auth_roles[0] for EKS cluster module.eks writes arn:aws:iam::" + acct + ":role/service-role/x with the IAM path /service-role/: aws-auth compares the path-less ARN STS presents, so it never matches; write arn:aws:iam::" + acct + ":role/x",
			Range:   rng("main.tf", 9, 17, 9, 98),
		},
		{
			Rule:    NewRoleARNPathRule(),
			Message: "module.eks aws_auth_roles[1] for EKS cluster module.eks names the STS session arn:aws:sts::" + acct + ":assumed-role/deployer/ci, which aws-auth never matches: use the role ARN arn:aws:iam::" + acct + ":role/deployer",
			Range:   rng("main.tf", 10, 17, 10, 103),
		},
	})
	helper.AssertChanges(t, map[string]string{}, runner.Changes())
}
