package rules

import (
	"strings"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
)

func TestIdentityMismatch(t *testing.T) {
	const main = `resource "aws_eks_cluster" "c" {
  name = "c"
}

resource "aws_eks_cluster" "other" {
  name = "other"
}

provider "aws" {}

provider "aws" {
  alias = "deployer"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer"
  }
}

data "aws_eks_cluster_auth" "ambient" {
  name = "c"
}

data "aws_eks_cluster_auth" "deployer" {
  provider = aws.deployer
  name     = "c"
}
`
	exec := func(alias, cluster string, extra ...string) string {
		args := append([]string{`"eks"`, `"get-token"`, `"--cluster-name"`, `"` + cluster + `"`}, extra...)
		return `provider "kubernetes" {
  alias = "` + alias + `"
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = [` + strings.Join(args, ", ") + `]
  }
}
`
	}
	token := func(alias, source string) string {
		return `provider "helm" {
  alias = "` + alias + `"
  kubernetes {
    token = data.aws_eks_cluster_auth.` + source + `.token
  }
}
`
	}
	const deployer = `"arn:aws:iam::111122223333:role/deployer"`
	for _, tc := range []struct {
		name      string
		providers []string // in order: the later of a differing pair is reported
		want      helper.Issues
	}{
		{
			name:      "token through an assumed role, exec with ambient credentials",
			providers: []string{exec("x", "c"), token("t", "deployer")},
			want: helper.Issues{{
				Rule:    NewIdentityMismatchRule(),
				Message: "helm.t provider authenticates to EKS cluster aws_eks_cluster.c as arn:aws:iam::111122223333:role/deployer (assume_role of provider aws.deployer), but kubernetes.x provider (providers.tf:1) authenticates to it as the run's own credentials (ambient credentials of aws eks get-token): two principals, each needing its own grant; give both the same identity unless that is intended",
				// The helm provider's own token (providers.tf line 13), not
				// the role_arn of aws.deployer that signs it.
				Range: rng("providers.tf", 13, 13, 13, 53),
			}},
		},
		{
			name:      "exec with another --role-arn than the token",
			providers: []string{token("t", "deployer"), exec("x", "c", `"--role-arn"`, `"arn:aws:iam::111122223333:role/ops"`)},
			want: helper.Issues{{
				Rule:    NewIdentityMismatchRule(),
				Message: "kubernetes.x provider authenticates to EKS cluster aws_eks_cluster.c as arn:aws:iam::111122223333:role/ops (--role-arn of aws eks get-token), but helm.t provider (providers.tf:1) authenticates to it as arn:aws:iam::111122223333:role/deployer (assume_role of provider aws.deployer): two principals, each needing its own grant; give both the same identity unless that is intended",
				// The kubernetes provider's own exec block, not its --role-arn.
				Range: rng("providers.tf", 10, 3, 10, 7),
			}},
		},
		{
			name:      "exec with the token's role",
			providers: []string{token("t", "deployer"), exec("x", "c", `"--role-arn"`, deployer)},
		},
		{
			name:      "exec with the token's role, other case",
			providers: []string{token("t", "deployer"), exec("x", "c", `"--role-arn"`, `"arn:aws:iam::111122223333:role/DEPLOYER"`)},
		},
		{
			name:      "both with ambient credentials",
			providers: []string{exec("x", "c"), token("t", "ambient")},
		},
		{
			name:      "two execs with different roles, on purpose",
			providers: []string{exec("x", "c", `"--role-arn"`, deployer), exec("y", "c", `"--role-arn"`, `"arn:aws:iam::111122223333:role/ops"`)},
		},
		{
			name:      "exec with a profile: identity unknown",
			providers: []string{token("t", "deployer"), exec("x", "c", `"--profile"`, `"ops"`)},
		},
		{
			name:      "different clusters",
			providers: []string{exec("x", "other"), token("t", "deployer")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"main.tf": main, "providers.tf": strings.Join(tc.providers, "\n")}
			checkRule(t, NewIdentityMismatchRule(), files, nil, tc.want)
		})
	}
}

// TestIdentityMismatchIgnoredAssumeRole checks one exec provider whose run
// assumes a role for AWS while aws eks get-token runs as the credentials
// that role is assumed from.
func TestIdentityMismatchIgnoredAssumeRole(t *testing.T) {
	const deployer = "arn:aws:iam::111122223333:role/deployer"
	const assuming = `provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer"
  }
}
`
	// The ops entry keeps the answer of eksauth_role_not_mapped open: the
	// run's own credentials may be ops.
	const cluster = `resource "aws_eks_cluster" "c" {
  name = "c"
  access_config {
    authentication_mode = "API"
  }
}
resource "aws_eks_access_entry" "ops" {
  cluster_name  = "c"
  principal_arn = "arn:aws:iam::111122223333:role/ops"
}
`
	exec := func(args string, env string) string {
		return `provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c"` + args + `]
` + env + `  }
}
`
	}
	warning := helper.Issues{{
		Rule:    NewIdentityMismatchRule(),
		Message: `kubernetes provider authenticates to EKS cluster aws_eks_cluster.c with the run's own credentials (ambient credentials of aws eks get-token), not as arn:aws:iam::111122223333:role/deployer (assume_role of provider aws, aws.tf:3), the role the cluster is created with: two principals, each needing its own grant; aws eks get-token does not use the AWS provider's assume_role: add "--role-arn", "arn:aws:iam::111122223333:role/deployer" to the exec args, or use an aws_eks_cluster_auth token, unless the run's own credentials are meant and granted`,
		Range:   rng("providers.tf", 2, 3, 2, 7),
	}}
	for _, tc := range []struct {
		name      string
		aws, prov string
		opts      *model.Options
		want      helper.Issues
	}{
		{name: "exec with the run's own credentials", aws: assuming, prov: exec("", ""), want: warning},
		{name: "no assume_role", aws: `provider "aws" {}`, prov: exec("", "")},
		{name: "--role-arn of the assumed role", aws: assuming, prov: exec(`, "--role-arn", "`+deployer+`"`, "")},
		{name: "--profile", aws: assuming, prov: exec(`, "--profile", "ops"`, "")},
		{name: "AWS_PROFILE in env", aws: assuming, prov: exec("", "    env = { AWS_PROFILE = \"ops\" }\n")},
		{name: "AWS_ROLE_ARN in env", aws: assuming, prov: exec("", "    env = { AWS_ROLE_ARN = \""+deployer+"\" }\n")},
		{
			name: "run's own credentials declared and granted",
			aws:  assuming, prov: exec("", ""),
			opts: &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::111122223333:role/ops")},
		},
		{
			// eksauth_role_not_mapped reports gha as certain.
			name: "run's own credentials declared but not granted",
			aws:  assuming, prov: exec("", ""),
			opts: &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::111122223333:role/gha")},
		},
		{
			// ops is let in, gha is reported by eksauth_role_not_mapped.
			name: "two declared roles, one of them denied",
			aws:  assuming, prov: exec("", ""),
			opts: &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::111122223333:role/ops", "arn:aws:iam::111122223333:role/gha")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"main.tf": cluster, "aws.tf": tc.aws, "providers.tf": tc.prov}
			checkRule(t, NewIdentityMismatchRule(), files, tc.opts, tc.want)
		})
	}
}

// TestIdentityMismatchTokenAndExec checks a provider that sets both: the
// token authenticates and the exec never runs.
func TestIdentityMismatchTokenAndExec(t *testing.T) {
	const main = `resource "aws_eks_cluster" "c" {
  name = "c"
}
provider "aws" {}
provider "aws" {
  alias = "deployer"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deployer"
  }
}
data "aws_eks_cluster_auth" "ambient" {
  name = "c"
}
data "aws_eks_cluster_auth" "deployer" {
  provider = aws.deployer
  name     = "c"
}
`
	both := func(source, args string) string {
		return `provider "kubernetes" {
  token = data.aws_eks_cluster_auth.` + source + `.token
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c"` + args + `]
  }
}
`
	}
	for _, tc := range []struct {
		name, prov string
		want       helper.Issues
	}{
		{
			name: "token as the assumed role, exec as the run's own credentials",
			prov: both("deployer", ""),
			want: helper.Issues{{
				Rule:    NewIdentityMismatchRule(),
				Message: "kubernetes provider sets both token and exec: client-go sends the token, which authenticates to EKS cluster aws_eks_cluster.c as arn:aws:iam::111122223333:role/deployer (assume_role of provider aws.deployer), and never runs the exec, which would authenticate as the run's own credentials (ambient credentials of aws eks get-token); remove the exec block, or the token if the exec's identity is the one meant",
				Range:   rng("providers.tf", 3, 3, 3, 7),
			}},
		},
		{
			name: "token as the run's own credentials, exec with a role",
			prov: both("ambient", `, "--role-arn", "arn:aws:iam::111122223333:role/ops"`),
			want: helper.Issues{{
				Rule:    NewIdentityMismatchRule(),
				Message: "kubernetes provider sets both token and exec: client-go sends the token, which authenticates to EKS cluster aws_eks_cluster.c as the run's own credentials (ambient credentials of provider aws), and never runs the exec, which would authenticate as arn:aws:iam::111122223333:role/ops (--role-arn of aws eks get-token); remove the exec block, or the token if the exec's identity is the one meant",
				Range:   rng("providers.tf", 3, 3, 3, 7),
			}},
		},
		{name: "both the run's own credentials", prov: both("ambient", "")},
		{name: "both the same role", prov: both("deployer", `, "--role-arn", "arn:aws:iam::111122223333:role/deployer"`)},
		{name: "exec with a profile: unknown", prov: both("deployer", `, "--profile", "ops"`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"main.tf": main, "providers.tf": tc.prov}
			checkRule(t, NewIdentityMismatchRule(), files, nil, tc.want)
		})
	}
}
