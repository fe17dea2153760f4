package model

import (
	"strings"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

func known(s string) resolve.String { return resolve.String{Kind: resolve.Known, Text: s} }

const workspaceModule = `
terraform {
  cloud {
    organization = "acme"
    workspaces {
      tags = { team = "platform" }
    }
  }
}
variable "role_arn" {
  default = "arn:aws:iam::111122223333:role/laptop"
}
resource "aws_eks_cluster" "c" {
  name = "c"
  access_config { authentication_mode = "API" }
}
resource "aws_eks_access_entry" "laptop" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/laptop"
}
resource "aws_eks_access_entry" "plan" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = "arn:aws:iam::111122223333:role/tfc-plan"
}
provider "aws" {
  alias = "assumed"
  assume_role { role_arn = var.role_arn }
}
provider "aws" {
  alias               = "dynamic"
  shared_config_files = [var.tfc_aws_dynamic_credentials.aliases["EKS"].shared_config_file]
}
data "aws_eks_cluster_auth" "assumed" {
  provider = aws.assumed
  name     = aws_eks_cluster.c.name
}
data "aws_eks_cluster_auth" "dynamic" {
  provider = aws.dynamic
  name     = aws_eks_cluster.c.name
}
ephemeral "aws_eks_cluster_auth" "fresh" {
  provider = aws.dynamic
  name     = aws_eks_cluster.c.name
}
provider "kubernetes" {
  alias = "assumed"
  token = data.aws_eks_cluster_auth.assumed.token
}
provider "kubernetes" {
  alias = "dynamic"
  token = data.aws_eks_cluster_auth.dynamic.token
}
provider "kubernetes" {
  alias = "fresh"
  token = ephemeral.aws_eks_cluster_auth.fresh.token
}
`

func TestWorkspaceContexts(t *testing.T) {
	var gotBackend Backend
	opts := Options{Workspaces: func(b Backend) []Workspace {
		gotBackend = b
		return []Workspace{{
			Label: "acme/eks-prod",
			Vars:  map[string]cty.Value{"role_arn": cty.StringVal("arn:aws:iam::111122223333:role/tfc-agent")},
			AWS: func(tag string) DynamicAWS {
				if tag != "EKS" {
					return DynamicAWS{}
				}
				return DynamicAWS{Enabled: true,
					Plan:  Ambient{ARN: known("arn:aws:iam::111122223333:role/tfc-plan"), From: "TFC_AWS_PLAN_ROLE_ARN_EKS"},
					Apply: Ambient{ARN: known("arn:aws:iam::111122223333:role/tfc-apply"), From: "TFC_AWS_APPLY_ROLE_ARN_EKS"}}
			},
		}, {
			Label: "acme/eks-secret",
			Vars:  map[string]cty.Value{"role_arn": cty.DynamicVal.Mark(marks.Sensitive)},
		}}
	}}
	m := load(t, opts, map[string]string{"main.tf": workspaceModule})
	if gotBackend.Kind != "cloud" || gotBackend.Organization != "acme" || strings.Join(gotBackend.Tags, ",") != "team:platform" {
		t.Errorf("backend = %+v", gotBackend)
	}
	got := summary(m)
	for _, want := range []string{
		// The workspace variable overrides the local default.
		"kubernetes.assumed @HCP Terraform workspace acme/eks-prod (plan phase) -> aws_eks_cluster.c as arn:aws:iam::111122223333:role/tfc-agent: denied",
		"kubernetes.assumed @local run -> aws_eks_cluster.c as arn:aws:iam::111122223333:role/laptop: granted",
		// Dynamic credentials per phase; a data source token is the plan's in both.
		"kubernetes.dynamic @HCP Terraform workspace acme/eks-prod (plan phase) -> aws_eks_cluster.c as arn:aws:iam::111122223333:role/tfc-plan: granted",
		"kubernetes.dynamic @HCP Terraform workspace acme/eks-prod (apply phase) -> aws_eks_cluster.c as arn:aws:iam::111122223333:role/tfc-plan: granted",
		// An ephemeral token is made again by the apply, as the apply role.
		"kubernetes.fresh @HCP Terraform workspace acme/eks-prod (apply phase) -> aws_eks_cluster.c as arn:aws:iam::111122223333:role/tfc-apply: denied",
		// A sensitive workspace variable decides nothing.
		"kubernetes.assumed @HCP Terraform workspace acme/eks-secret -> aws_eks_cluster.c as (sensitive value): cannot tell (the identity is a sensitive value (var.role_arn = HCP Terraform workspace acme/eks-secret))",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
}

func TestKubernetesDynamicCredentials(t *testing.T) {
	opts := Options{Workspaces: func(Backend) []Workspace {
		return []Workspace{{Label: "acme/k8s", KubernetesDynamic: true}}
	}}
	m := load(t, opts, map[string]string{"main.tf": workspaceModule})
	if got := summary(m); !strings.Contains(got, "kubernetes.assumed @HCP Terraform workspace acme/k8s -> aws_eks_cluster.c as (unknown value): cannot tell (HCP Terraform's Kubernetes dynamic credentials") {
		t.Errorf("summary:\n%s", got)
	}
}
