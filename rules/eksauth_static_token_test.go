package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
)

func TestStaticToken(t *testing.T) {
	const common = `variable "token" {
  type    = string
  default = "k8s-aws-v1.aHR0cHM6Ly9zdHM"
}

locals {
  token      = "k8s-aws-v1.aHR0cHM6Ly9zdHM"
  from_data  = data.aws_eks_cluster_auth.c.token
  from_local = local.token
}

data "aws_eks_cluster_auth" "c" {
  name = "c"
}

ephemeral "aws_eks_cluster_auth" "c" {
  name = "c"
}

module "auth" {
  source = "./auth"
}

resource "aws_eks_cluster" "c" {
  name = "c"
}
`
	const tail = `: EKS tokens expire within 15 minutes, so runs fail with Unauthorized; use data "aws_eks_cluster_auth" or exec with aws eks get-token`
	const endpoint = "EKS endpoint example.eks.amazonaws.com"
	// Each provider block has its token on line 3 and its host after it.
	const kubernetes = "kubernetes {\n  host  = \"https://example.eks.amazonaws.com\"\n  token = %s\n}"
	for _, tc := range []struct {
		name     string
		provider string // a provider block whose token is on line 3
		expr     string // the token expression
		from     string // how the message names it; "" when the token is not static
		target   string // how the message names the cluster
	}{
		{name: "variable", provider: kubernetes, expr: "var.token", from: "var.token", target: endpoint},
		{name: "local", provider: kubernetes, expr: "local.token", from: "local.token", target: endpoint},
		{name: "local of a local", provider: kubernetes, expr: "local.from_local", from: "local.from_local", target: endpoint},
		{name: "literal", provider: kubernetes, expr: `"k8s-aws-v1.aHR0cHM6Ly9zdHM"`, from: "a literal", target: endpoint},
		{name: "expression", provider: kubernetes, expr: "trimspace(var.token)", from: "an expression of variables and locals", target: endpoint},
		{name: "helm v2 block", provider: "helm {\n  kubernetes {\n    token = %s\n    host  = \"https://example.eks.amazonaws.com\"\n  }\n}", expr: "var.token", from: "var.token", target: endpoint},
		{name: "helm v3 attribute", provider: "helm {\n  kubernetes = {\n    token = %s\n    host  = \"https://example.eks.amazonaws.com\"\n  }\n}", expr: "local.token", from: "local.token", target: endpoint},
		{name: "kubectl", provider: "kubectl {\n  load_config_file = false\n  token            = %s\n  host             = \"https://example.eks.amazonaws.com\"\n}", expr: "var.token", from: "var.token", target: endpoint},
		{name: "China partition endpoint", provider: "kubernetes {\n  host  = \"https://ABCDEF.gr7.cn-north-1.eks.amazonaws.com.cn\"\n  token = %s\n}", expr: "var.token", from: "var.token", target: "EKS endpoint ABCDEF.gr7.cn-north-1.eks.amazonaws.com.cn"},
		{name: "cluster defined in the module", provider: "kubernetes {\n  host  = aws_eks_cluster.c.endpoint\n  token = %s\n}", expr: "var.token", from: "var.token", target: "EKS cluster aws_eks_cluster.c"},
		{name: "data source", provider: kubernetes, expr: "data.aws_eks_cluster_auth.c.token"},
		{name: "ephemeral", provider: kubernetes, expr: "ephemeral.aws_eks_cluster_auth.c.token"},
		{name: "local holding the data source token", provider: kubernetes, expr: "local.from_data"},
		{name: "module output", provider: kubernetes, expr: "module.auth.token"},
		// A static token is how other Kubernetes clusters are reached
		// (service account tokens, which do not expire): not EKS, not reported.
		{name: "non-EKS host", provider: "kubernetes {\n  host  = \"https://k8s.example.com:6443\"\n  token = %s\n}", expr: "var.token"},
		{name: "no host", provider: "kubernetes {\n  config_context = \"minikube\"\n  token = %s\n}", expr: "var.token"},
		// No host to read, but the module defines an EKS cluster: the
		// token is an EKS token.
		{name: "helm without a host", provider: "helm {\n  kubernetes {\n    token = %s\n  }\n}", expr: "var.token", from: "var.token", target: "a cluster (EKS, judging by aws_eks_cluster.c in this module)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := "provider " + fmt.Sprintf(tc.provider, tc.expr) + "\n"
			typ := strings.Fields(tc.provider)[0]
			var want helper.Issues
			if tc.from != "" {
				col := strings.Index(strings.Split(src, "\n")[2], tc.expr) + 1
				want = helper.Issues{{
					Rule:    NewStaticTokenRule(),
					Message: typ + " provider authenticates to " + tc.target + " with a static token from " + tc.from + tail,
					Range:   rng("provider.tf", 3, col, 3, col+len(tc.expr)),
				}}
			}
			files := map[string]string{"main.tf": common, "provider.tf": src}
			if typ == "kubectl" {
				files["versions.tf"] = "terraform {\n  required_providers {\n    kubectl = {\n      source = \"alekc/kubectl\"\n    }\n  }\n}\n"
			}
			checkRule(t, NewStaticTokenRule(), files, nil, want)
		})
	}
}

// exec makes a fresh token each run, and a null token is no token.
func TestStaticTokenExec(t *testing.T) {
	const src = `provider "kubernetes" {
  host  = "https://example.eks.amazonaws.com"
  token = null
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c"]
  }
}
`
	checkRule(t, NewStaticTokenRule(), map[string]string{"main.tf": src}, nil, nil)
}

// A token read from another root's state was made when that root was last
// applied; the message says so, through locals and expressions too.
func TestStaticTokenFromState(t *testing.T) {
	const common = `data "terraform_remote_state" "eks" {
  backend = "remote"
  config  = { organization = "acme", workspaces = { name = "eks" } }
}

data "tfe_outputs" "eks" {
  organization = "acme"
  workspace    = "eks"
}

locals {
  token = data.terraform_remote_state.eks.outputs.token
}
`
	const tail = `: it was made when that root was last applied, and EKS tokens expire within 15 minutes, so runs fail with Unauthorized; make the token in this root with data "aws_eks_cluster_auth" or exec with aws eks get-token`
	const target = "EKS endpoint example.eks.amazonaws.com"
	for _, tc := range []struct {
		expr, from string
	}{
		{"data.terraform_remote_state.eks.outputs.token", "another root's state output data.terraform_remote_state.eks.outputs.token"},
		{"data.tfe_outputs.eks.values.token", "another root's state output data.tfe_outputs.eks.values.token"},
		{"data.tfe_outputs.eks.nonsensitive_values.token", "another root's state output data.tfe_outputs.eks.nonsensitive_values.token"},
		{"local.token", "local.token, which reads another root's state output data.terraform_remote_state.eks.outputs.token"},
		{"trimspace(local.token)", "an expression that reads another root's state output data.terraform_remote_state.eks.outputs.token"},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			src := "provider \"kubernetes\" {\n  host  = \"https://example.eks.amazonaws.com\"\n  token = " + tc.expr + "\n}\n"
			col := strings.Index(src, tc.expr) - strings.LastIndex(src[:strings.Index(src, tc.expr)], "\n")
			want := helper.Issues{{
				Rule:    NewStaticTokenRule(),
				Message: "kubernetes provider authenticates to " + target + " with a static token from " + tc.from + tail,
				Range:   rng("provider.tf", 3, col, 3, col+len(tc.expr)),
			}}
			checkRule(t, NewStaticTokenRule(), map[string]string{"main.tf": common, "provider.tf": src}, nil, want)
		})
	}
}
