package model

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
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

// countParses counts the HCL workspace variables parsed, by key, while
// the test runs.
func countParses(t *testing.T) map[string]int {
	n := map[string]int{}
	parsedHCL = func(key string) { n[key]++ }
	t.Cleanup(func() { parsedHCL = nil })
	return n
}

// hclModule declares, besides role_arn, a variable nothing reads and one
// declared sensitive.
const hclModule = workspaceModule + `
variable "unread" {}
variable "secret" {
  sensitive = true
}
`

// An HCL workspace variable is parsed and evaluated when an expression
// first reads it, once for all the contexts of its workspace; one nothing
// reads, or one declared sensitive, never.
func TestHCLWorkspaceVariablesAreLazy(t *testing.T) {
	parses := countParses(t)
	opts := Options{Workspaces: func(Backend) []Workspace {
		return []Workspace{{
			Label: "acme/eks-prod",
			HCLVars: map[string]string{
				"role_arn": `"arn:aws:iam::111122223333:role/tfc-agent"`,
				"unread":   `[for a in range(256) : [for b in range(256) : a * b]]`,
				"secret":   `"arn:aws:iam::111122223333:role/secret"`,
			},
			// Two phases, two contexts reading var.role_arn.
			AWS: func(tag string) DynamicAWS {
				return DynamicAWS{Enabled: tag == "EKS",
					Plan:  Ambient{ARN: known("arn:aws:iam::111122223333:role/tfc-plan")},
					Apply: Ambient{ARN: known("arn:aws:iam::111122223333:role/tfc-apply")}}
			},
		}}
	}}
	m := load(t, opts, map[string]string{"main.tf": hclModule})
	got := summary(m)
	for _, phase := range []string{"plan", "apply"} {
		want := "kubernetes.assumed @HCP Terraform workspace acme/eks-prod (" + phase + " phase) -> aws_eks_cluster.c as arn:aws:iam::111122223333:role/tfc-agent: denied"
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	if parses["role_arn"] != 1 || parses["unread"] != 0 || parses["secret"] != 0 {
		t.Errorf("parsed %v; want role_arn once, unread and secret never", parses)
	}
	ws := m.Contexts[len(m.Contexts)-1]
	if v, ok := ws.resolver.VarValue("secret"); !ok || !resolve.IsSensitive(v) {
		t.Errorf("a declared-sensitive variable set as HCL = %#v, want sensitive", v)
	}
}

// Once the lookup's deadline has passed, an HCL variable not yet
// evaluated is unknown: it decides nothing, and is never parsed.
func TestHCLWorkspaceVariableAfterDeadline(t *testing.T) {
	parses := countParses(t)
	lookup, cancel := context.WithCancel(context.Background())
	cancel()
	opts := Options{Workspaces: func(Backend) []Workspace {
		return []Workspace{{
			Label:   "acme/eks-prod",
			Lookup:  lookup,
			HCLVars: map[string]string{"role_arn": `"arn:aws:iam::111122223333:role/tfc-agent"`},
		}}
	}}
	m := load(t, opts, map[string]string{"main.tf": hclModule})
	got := summary(m)
	if strings.Contains(got, "tfc-agent") || !strings.Contains(got, "kubernetes.assumed @HCP Terraform workspace acme/eks-prod -> aws_eks_cluster.c as var.role_arn: cannot tell") {
		t.Errorf("after the deadline, var.role_arn is not unknown:\n%s", got)
	}
	if parses["role_arn"] != 0 {
		t.Errorf("parsed role_arn %d times after the deadline", parses["role_arn"])
	}
}

// An HCL variable is evaluated with the module run's own budget: a
// costly one ends unknown and leaves that budget spent for every context,
// while a plain one read before it is known.
func TestHCLWorkspaceVariableSpendsTheRunBudget(t *testing.T) {
	costly := `join("", [for a in range(256) : join("", [for b in range(256) : "` + strings.Repeat("a", 1000) + `"])])`
	opts := Options{Workspaces: func(Backend) []Workspace {
		return []Workspace{
			{Label: "acme/plain", HCLVars: map[string]string{"role_arn": `"arn:aws:iam::111122223333:role/tfc-agent"`}},
			{Label: "acme/costly", HCLVars: map[string]string{"role_arn": costly}},
		}
	}}
	m := load(t, opts, map[string]string{"main.tf": hclModule})
	got := summary(m)
	if want := "kubernetes.assumed @HCP Terraform workspace acme/plain -> aws_eks_cluster.c as arn:aws:iam::111122223333:role/tfc-agent: denied"; !strings.Contains(got, want) {
		t.Errorf("summary lacks %q:\n%s", want, got)
	}
	if want := "kubernetes.assumed @HCP Terraform workspace acme/costly -> aws_eks_cluster.c as (unknown value): cannot tell"; !strings.Contains(got, want) {
		t.Errorf("summary lacks %q:\n%s", want, got)
	}
	// The local run's resolver shares the budget the costly value spent.
	e, diags := hclsyntax.ParseExpression([]byte(`"a"`), "test.tf", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if v := m.Contexts[0].resolver.Eval(e, nil); v.IsKnown() {
		t.Errorf("after the costly HCL variable, a literal in the local run is known: the budget was not the run's")
	}
}
