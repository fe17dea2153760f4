package rules

import (
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
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
				Message: "kubernetes provider (provider.tf:1) access to EKS cluster aws_eks_cluster.c cannot be verified in the local run: the local run uses ambient credentials, and execution_roles does not name them",
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
				Message: `helm provider (provider.tf:1) access to EKS cluster "shared-services" cannot be verified: the cluster is not defined in this module`,
				// The helm provider's own token, not the role_arn of aws.admin.
				Range: rng("provider.tf", 3, 13, 3, 54),
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
				Message: "kubernetes provider (provider.tf:1) access to EKS cluster aws_eks_cluster.c cannot be verified: the provider uses a kubeconfig (config_path)",
				Range:   rng("provider.tf", 3, 17, 3, 33),
			}},
		},
		{
			// What is unknown about the identity comes before the cluster
			// it cannot follow.
			name: "a kubeconfig and no cluster",
			provider: `provider "kubernetes" {
  config_path = "~/.kube/config"
}
`,
			want: helper.Issues{{
				Rule:    NewUnverifiedAuthRule(),
				Message: "kubernetes provider (provider.tf:1) access to EKS cannot be verified: the provider uses a kubeconfig (config_path)",
				Range:   rng("provider.tf", 2, 17, 2, 33),
			}},
		},
		{
			name: "a profile and a cluster defined elsewhere",
			provider: `provider "aws" {
  alias   = "ops"
  profile = "ops"
}

data "aws_eks_cluster_auth" "ops" {
  provider = aws.ops
  name     = "shared-services"
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.ops.token
}
`,
			want: helper.Issues{{
				Rule:    NewUnverifiedAuthRule(),
				Message: `kubernetes provider (provider.tf:11) access to EKS cluster "shared-services" cannot be verified: provider aws.ops uses profile ops`,
				// At the profile: that is what decides who signs.
				Range: rng("provider.tf", 3, 13, 3, 18),
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

// Declared execution roles stand for the run's own credentials: the local
// run's unknown ambient identity is no blind spot then, each role is
// checked in its own context.
func TestUnverifiedAuthExecutionRolesDeclared(t *testing.T) {
	const src = `resource "aws_eks_cluster" "c" {
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

provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c"]
  }
}
`
	for _, roles := range [][]string{
		{"arn:aws:iam::111122223333:role/admin"},
		// A declared role the cluster does not let in is
		// eksauth_role_not_mapped's finding.
		{"arn:aws:iam::111122223333:role/admin", "arn:aws:iam::111122223333:role/intern"},
	} {
		opts := &model.Options{ExecutionRoles: principals(t, roles...)}
		checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": src}, opts, nil)
	}
	// Not ambient: a kubeconfig is as unknown with execution roles declared,
	// in every context, and said once for all of them.
	const kubeconfig = `resource "aws_eks_cluster" "c" {
  name = "c"
}

provider "kubernetes" {
  host        = aws_eks_cluster.c.endpoint
  config_path = "~/.kube/config"
}
`
	opts := &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::111122223333:role/admin")}
	checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": kubeconfig}, opts, helper.Issues{
		{
			Rule:    NewUnverifiedAuthRule(),
			Message: "kubernetes provider (main.tf:5) access to EKS cluster aws_eks_cluster.c cannot be verified: the provider uses a kubeconfig (config_path)",
			Range:   rng("main.tf", 7, 17, 7, 33),
		},
	})
}

// A kubeconfig, a static token or an unrecognised method says nothing of
// EKS by itself: only where the module does (an EKS cluster, data source,
// module, or a variable named for EKS) is the provider an EKS blind spot.
func TestUnverifiedAuthNeedsEvidenceOfEKS(t *testing.T) {
	const gke = `provider "google" {}

data "tfe_outputs" "gke" {
  organization = "acme"
  workspace    = "gke"
}

locals {
  host = data.tfe_outputs.gke.values.kubernetes_endpoint
}

provider "kubernetes" {
  host  = "https://${local.host}"
  token = data.tfe_outputs.gke.values.kubernetes_cluster_access_token
}

provider "helm" {
  kubernetes {
    config_path = "~/.kube/config"
  }
}
`
	for _, roles := range [][]string{nil, {"arn:aws:iam::111122223333:role/ci"}} {
		opts := &model.Options{ExecutionRoles: principals(t, roles...)}
		checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": gke}, opts, nil)
	}
	const eks = `variable "eks_endpoint" {}

provider "kubernetes" {
  host        = var.eks_endpoint
  config_path = "~/.kube/config"
}
`
	opts := &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::111122223333:role/ci", "arn:aws:iam::111122223333:role/cd")}
	checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": eks}, opts, helper.Issues{
		{
			Rule:    NewUnverifiedAuthRule(),
			Message: "kubernetes provider (main.tf:3) access to EKS cannot be verified: the provider uses a kubeconfig (config_path)",
			Range:   rng("main.tf", 5, 17, 5, 33),
		},
	})
}

// A static token to EKS is eksauth_static_token's warning, at the same
// token: a notice there would only say it again, less usefully.
func TestUnverifiedAuthLeavesStaticTokensToTheirRule(t *testing.T) {
	const eks = `variable "eks_endpoint" {}

provider "kubernetes" {
  host  = var.eks_endpoint
  token = data.tfe_outputs.eks.values.token
}
`
	opts := &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::111122223333:role/ci")}
	checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": eks}, opts, nil)
	// The warning that stands in for it.
	runner := helper.TestRunner(t, map[string]string{"main.tf": eks})
	if err := NewStaticTokenRule().Check(optionsRunner{Runner: runner, opts: *opts}); err != nil {
		t.Fatal(err)
	}
	if len(runner.Issues) != 1 || runner.Issues[0].Range.Start.Line != 5 {
		t.Errorf("eksauth_static_token issues %v, want one at the token (main.tf:5)", runner.Issues)
	}
}

// A profile is who signs in every context: with execution roles declared,
// one notice says so, at the profile, rather than one per context.
func TestUnverifiedAuthProfileOnceForEveryContext(t *testing.T) {
	const src = `resource "aws_eks_cluster" "c" {
  name = "c"
}

provider "aws" {
  profile = "deploy"
}

data "aws_eks_cluster_auth" "c" {
  name = aws_eks_cluster.c.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.c.endpoint
  token = data.aws_eks_cluster_auth.c.token
}

provider "helm" {
  kubernetes {
    host = aws_eks_cluster.c.endpoint
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", "c", "--profile", "ops"]
    }
  }
}
`
	for _, roles := range [][]string{nil, {"arn:aws:iam::111122223333:role/ci"}, {"arn:aws:iam::111122223333:role/ci", "arn:aws:iam::111122223333:role/cd"}} {
		opts := &model.Options{ExecutionRoles: principals(t, roles...)}
		checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": src}, opts, helper.Issues{
			{
				Rule:    NewUnverifiedAuthRule(),
				Message: "kubernetes provider (main.tf:13) access to EKS cluster aws_eks_cluster.c cannot be verified: provider aws uses profile deploy",
				Range:   rng("main.tf", 6, 13, 6, 21),
			},
			{
				Rule:    NewUnverifiedAuthRule(),
				Message: "helm provider (main.tf:18) access to EKS cluster aws_eks_cluster.c cannot be verified: the exec command uses profile ops",
				Range:   rng("main.tf", 24, 78, 24, 83),
			},
		})
	}
}

// A configuration that runs in HCP Terraform, linted without
// hcp_terraform, is checked in the local run alone: the notice says where
// its runs are and how to check them.
func TestUnverifiedAuthHintsAtHCPTerraform(t *testing.T) {
	const src = `terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "eks-prod"
    }
  }
}

resource "aws_eks_cluster" "c" {
  name = "c"
}

data "aws_eks_cluster_auth" "c" {
  name = aws_eks_cluster.c.name
}

provider "kubernetes" {
  host  = aws_eks_cluster.c.endpoint
  token = data.aws_eks_cluster_auth.c.token
}
`
	checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": src}, nil, helper.Issues{
		{
			Rule: NewUnverifiedAuthRule(),
			Message: "kubernetes provider (main.tf:18) access to EKS cluster aws_eks_cluster.c cannot be verified in the local run: " +
				"the local run uses ambient credentials, and execution_roles does not name them; it runs in HCP Terraform workspace acme/eks-prod: enable hcp_terraform to check its runs",
			Range: rng("main.tf", 20, 11, 20, 44),
		},
	})
	// With hcp_terraform on, the workspace is looked up (or said to be
	// unavailable): no hint.
	checkRule(t, NewUnverifiedAuthRule(), map[string]string{"main.tf": src}, &model.Options{HCPTerraform: true}, helper.Issues{
		{
			Rule:    NewUnverifiedAuthRule(),
			Message: "kubernetes provider (main.tf:18) access to EKS cluster aws_eks_cluster.c cannot be verified in the local run: the local run uses ambient credentials, and execution_roles does not name them",
			Range:   rng("main.tf", 20, 11, 20, 44),
		},
	})
}

func TestWorkspacesOf(t *testing.T) {
	for _, tc := range []struct {
		b    cloud.Backend
		want string
	}{
		{cloud.Backend{Kind: "cloud", Organization: "acme", Name: "eks-prod"}, "HCP Terraform workspace acme/eks-prod"},
		{cloud.Backend{Kind: "cloud", Name: "eks-prod"}, "HCP Terraform workspace eks-prod"},
		{cloud.Backend{Kind: "remote", Organization: "acme", Prefix: "eks-"}, "HCP Terraform workspaces acme/eks-*"},
		{cloud.Backend{Kind: "cloud", Organization: "acme", Tags: []string{"eks", "prod"}}, "HCP Terraform workspaces of acme tagged eks, prod"},
		{cloud.Backend{Kind: "cloud", Organization: "acme\nforged", Name: "x"}, `HCP Terraform workspace "acme\nforged"/x`},
	} {
		if got := workspacesOf(tc.b); got != tc.want {
			t.Errorf("workspacesOf(%+v) = %q, want %q", tc.b, got, tc.want)
		}
	}
}
