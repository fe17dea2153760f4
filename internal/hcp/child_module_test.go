package hcp_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

// callerConfig creates the cluster and grants the laptop role; its local
// child holds the Kubernetes providers, so the root itself has none. The
// child's providers run wherever the root runs: in the workspace too.
const callerConfig = `
terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "eks-prod"
    }
  }
}

variable "role_arn" {
  type = string
}

resource "aws_eks_cluster" "this" {
  name     = "platform"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode = "API"
  }
}

resource "aws_eks_access_entry" "laptop" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = "` + laptop + `"
}

resource "aws_eks_access_policy_association" "laptop" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = "` + laptop + `"
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}

module "apps" {
  source       = "./modules/apps"
  cluster_name = aws_eks_cluster.this.name
  role_arn     = var.role_arn
}
`

// appsChild runs get-token as the role its caller passes, and its helm
// provider reads a token with the ambient credentials of the run.
const appsChild = `
variable "cluster_name" {
  type = string
}

variable "role_arn" {
  type = string
}

provider "kubernetes" {
  host = "https://example.eks.amazonaws.com"
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", var.cluster_name, "--role-arn", var.role_arn]
  }
}

data "aws_eks_cluster_auth" "this" {
  name = var.cluster_name
}

provider "helm" {
  kubernetes {
    host  = "https://example.eks.amazonaws.com"
    token = data.aws_eks_cluster_auth.this.token
  }
}
`

// callerModule writes the caller and its child, with local tfvars naming
// the granted laptop role and execution_roles naming it too, so the local
// run and the declared role are clean and only the workspace's runs can
// be reported.
func callerModule(t *testing.T, srv *hcptest.Server) (string, e2e.Options) {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "modules", "apps"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "main.tf"), callerConfig)
	write(t, filepath.Join(dir, "terraform.tfvars"), `role_arn = "`+laptop+`"`+"\n")
	write(t, filepath.Join(dir, "modules", "apps", "main.tf"), appsChild)
	cfg := filepath.Join(t.TempDir(), "tflint.hcl")
	write(t, cfg, "plugin \"terraform\" {\n  enabled = false\n}\nplugin \"eksauth\" {\n  enabled = true\n  execution_roles = [\""+laptop+"\"]\n  hcp_terraform {\n    enabled = true\n    address = \""+srv.URL+"\"\n    timeout = \"5s\"\n  }\n}\n")
	return dir, e2e.Options{Config: cfg, Env: map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": srv.URL}}
}

// The workspace's variable reaches the child through the call's argument:
// get-token runs there as the agent role, which the cluster does not grant.
func TestChildProviderInWorkspace(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "role_arn", Value: agent})
	dir, opts := callerModule(t, srv)
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res, "eksauth_role_not_mapped: module.apps's kubernetes provider authenticates to EKS cluster aws_eks_cluster.this as "+agent+
		" (--role-arn of aws eks get-token, from var.role_arn = the module call's argument var.role_arn, set by workspace variable of HCP Terraform workspace acme/eks-prod, where the local run uses "+laptop)
	noToken(t, srv, res)
}

// Dynamic credentials: the helm provider's token is signed by the
// workspace's run role, which the cluster does not grant; get-token
// assumes the granted role on top of it.
func TestChildProviderDynamicCredentials(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"})
	srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_RUN_ROLE_ARN", Value: agent, Category: "env"})
	dir, opts := callerModule(t, srv)
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res, "eksauth_role_not_mapped: module.apps's helm provider authenticates to EKS cluster aws_eks_cluster.this as "+agent)
	noToken(t, srv, res)
}

// The twin: the workspace sets nothing of its own, so its runs are the
// local run's, and the child's providers are granted everywhere.
func TestChildProviderInWorkspaceClean(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	dir, opts := callerModule(t, srv)
	e2e.ExpectIssues(t, e2e.Run(t, dir, opts))
}
