package rules

import (
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

func TestUnverifiedAuthIsAnOptInNotice(t *testing.T) {
	r := NewUnverifiedAuthRule()
	if r.Enabled() {
		t.Error("eksauth_unverified_auth is enabled by default; it lists blind spots and must be opt-in")
	}
	if r.Severity() != tflint.NOTICE {
		t.Errorf("severity = %s, want %s", r.Severity(), tflint.NOTICE)
	}
}

func TestUnverifiedAuth(t *testing.T) {
	const cluster = `resource "aws_eks_cluster" "c" {
  name = "c"
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "admin" {
  cluster_name      = "c"
  principal_arn     = "arn:aws:iam::111122223333:role/admin"
  kubernetes_groups = ["admins"]
}

provider "aws" {
  alias = "admin"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/admin"
  }
}

provider "aws" {
  alias = "intern"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/intern"
  }
}

data "aws_eks_cluster_auth" "admin" {
  provider = aws.admin
  name     = "c"
}

data "aws_eks_cluster_auth" "intern" {
  provider = aws.intern
  name     = "c"
}

data "aws_eks_cluster_auth" "elsewhere" {
  provider = aws.admin
  name     = "shared-services"
}
`
	for _, tc := range []struct {
		name     string
		provider string
		want     helper.Issues
	}{
		{
			name: "ambient credentials, no execution_roles",
			provider: `provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c"]
  }
}
`,
			want: helper.Issues{{
				Rule:    NewUnverifiedAuthRule(),
				Message: "kubernetes provider's access to EKS cluster aws_eks_cluster.c cannot be verified in the local run: the local run uses ambient credentials, and execution_roles does not name them",
				Range:   rng("provider.tf", 2, 3, 2, 7),
			}},
		},
		{
			name: "a cluster defined elsewhere",
			provider: `provider "helm" {
  kubernetes {
    token = data.aws_eks_cluster_auth.elsewhere.token
  }
}
`,
			want: helper.Issues{{
				Rule:    NewUnverifiedAuthRule(),
				Message: "helm provider's access to EKS cannot be verified in the local run: no cluster named shared-services is defined in this module",
				Range:   rng("main.tf", 17, 16, 17, 54),
			}},
		},
		{
			name: "a kubeconfig",
			provider: `provider "kubernetes" {
  host        = aws_eks_cluster.c.endpoint
  config_path = "~/.kube/config"
}
`,
			want: helper.Issues{{
				Rule:    NewUnverifiedAuthRule(),
				Message: "kubernetes provider's access to EKS cluster aws_eks_cluster.c cannot be verified in the local run: the provider uses kubeconfig (config_path)",
				Range:   rng("provider.tf", 3, 17, 3, 33),
			}},
		},
		{
			name: "a known role the cluster grants",
			provider: `provider "kubernetes" {
  token = data.aws_eks_cluster_auth.admin.token
}
`,
		},
		{
			// Denied is eksauth_role_not_mapped's finding, not a blind spot.
			name: "a known role the cluster does not grant",
			provider: `provider "kubernetes" {
  token = data.aws_eks_cluster_auth.intern.token
}
`,
		},
		{
			name: "exec with --role-arn",
			provider: `provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c", "--role-arn", "arn:aws:iam::111122223333:role/admin"]
  }
}
`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": cluster, "provider.tf": tc.provider}, nil, tc.want)
		})
	}
}
