package rules

import (
	"fmt"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
)

func TestAccountMismatchAssumeRole(t *testing.T) {
	const src = `variable "accounts" {
  default = ["111122223333", "444455556666"]
}

provider "aws" {
  %s
  %s {
    role_arn = %q
  }
}

module "iam" {
  source = "./iam"
}
`
	for _, tc := range []struct {
		name  string
		list  string
		block string // "" for assume_role
		role  string
		want  string // the message, "" for none
	}{
		{
			name: "role outside allowed_account_ids",
			list: `allowed_account_ids = ["111122223333"]`,
			role: "arn:aws:iam::222233334444:role/deploy",
			want: "arn:aws:iam::222233334444:role/deploy (assume_role of provider aws) is in account 222233334444, which provider aws's allowed_account_ids (111122223333, main.tf:6) does not list: the AWS provider refuses the run before it reaches EKS",
		},
		{
			name: "role inside allowed_account_ids",
			list: `allowed_account_ids = ["111122223333"]`,
			role: "arn:aws:iam::111122223333:role/deploy",
		},
		{
			name: "allowed_account_ids from a variable",
			list: `allowed_account_ids = var.accounts`,
			role: "arn:aws:iam::777788889999:role/deploy",
			want: "arn:aws:iam::777788889999:role/deploy (assume_role of provider aws) is in account 777788889999, which provider aws's allowed_account_ids (111122223333, 444455556666, main.tf:6) does not list: the AWS provider refuses the run before it reaches EKS",
		},
		{
			name: "allowed_account_ids from a variable, role allowed",
			list: `allowed_account_ids = var.accounts`,
			role: "arn:aws:iam::444455556666:role/deploy",
		},
		{
			name: "role in forbidden_account_ids",
			list: `forbidden_account_ids = ["777788889999"]`,
			role: "arn:aws:iam::777788889999:role/sandbox",
			want: "arn:aws:iam::777788889999:role/sandbox (assume_role of provider aws) is in account 777788889999, which provider aws's forbidden_account_ids (main.tf:6) lists: the AWS provider refuses the run before it reaches EKS",
		},
		{
			name: "role outside forbidden_account_ids",
			list: `forbidden_account_ids = ["777788889999"]`,
			role: "arn:aws:iam::111122223333:role/deploy",
		},
		{
			name:  "web identity role",
			list:  `allowed_account_ids = ["111122223333"]`,
			block: "assume_role_with_web_identity",
			role:  "arn:aws:iam::222233334444:role/deploy",
			want:  "arn:aws:iam::222233334444:role/deploy (assume_role_with_web_identity of provider aws) is in account 222233334444, which provider aws's allowed_account_ids (111122223333, main.tf:6) does not list: the AWS provider refuses the run before it reaches EKS",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			block := tc.block
			if block == "" {
				block = "assume_role"
			}
			s := fmt.Sprintf(src, tc.list, block, tc.role)
			var want helper.Issues
			if tc.want != "" {
				want = helper.Issues{{
					Rule:    NewAccountMismatchRule(),
					Message: tc.want,
					Range:   rng("main.tf", 8, 16, 8, 16+len(tc.role)+2),
				}}
			}
			checkRule(t, NewAccountMismatchRule(), map[string]string{"main.tf": s}, nil, want)
		})
	}
}

// A role tflint cannot know decides nothing.
func TestAccountMismatchUnknownRole(t *testing.T) {
	const src = `module "iam" {
  source = "./iam"
}

variable "unset" {
  type = string
}

provider "aws" {
  allowed_account_ids = ["111122223333"]
  assume_role {
    role_arn = var.unset
  }
}

provider "aws" {
  alias               = "from_module"
  allowed_account_ids = ["111122223333"]
  assume_role {
    role_arn = module.iam.role_arn
  }
}
`
	checkRule(t, NewAccountMismatchRule(), map[string]string{"main.tf": src}, nil, nil)
}

// Without assume_role the provider is the run's own credentials: known
// only through execution_roles.
func TestAccountMismatchAmbient(t *testing.T) {
	const src = `provider "aws" {
  allowed_account_ids = ["111122223333"]
}

provider "aws" {
  alias                 = "tooling"
  forbidden_account_ids = ["111122223333"]
}
`
	files := map[string]string{"main.tf": src}
	checkRule(t, NewAccountMismatchRule(), files, nil, nil)
	opts := &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::444455556666:role/ci-runner")}
	checkRule(t, NewAccountMismatchRule(), files, opts, helper.Issues{{
		Rule:    NewAccountMismatchRule(),
		Message: "arn:aws:iam::444455556666:role/ci-runner (ambient credentials of provider aws, declared in plugin config execution_roles) is in account 444455556666, which provider aws's allowed_account_ids (111122223333, main.tf:2) does not list: the AWS provider refuses the run before it reaches EKS",
		Range:   rng("main.tf", 1, 1, 1, 15),
	}})
	opts = &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::111122223333:role/ci-runner")}
	checkRule(t, NewAccountMismatchRule(), files, opts, helper.Issues{{
		Rule:    NewAccountMismatchRule(),
		Message: "arn:aws:iam::111122223333:role/ci-runner (ambient credentials of provider aws.tooling, declared in plugin config execution_roles) is in account 111122223333, which provider aws.tooling's forbidden_account_ids (main.tf:7) lists: the AWS provider refuses the run before it reaches EKS",
		Range:   rng("main.tf", 5, 1, 5, 15),
	}})
}
