package rules

import (
	"strings"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
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
