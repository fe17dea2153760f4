package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRootsOutsideTheRepositoryAreNotRead lints a module whose remote
// state path, cluster_roots entry (through a symbolic link) and local
// module source lead out of its git repository: none of them is read, the
// two roots are each named in one warning, and a root inside the
// repository is still read.
func TestRootsOutsideTheRepositoryAreNotRead(t *testing.T) {
	const cluster = `resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API"
    bootstrap_cluster_creator_admin_permissions = false
  }
}
output "cluster_name" {
  value = aws_eks_cluster.this.name
}
`
	base := t.TempDir()
	files := map[string]string{
		"outside/cluster/main.tf": cluster,
		"outside/linked/main.tf":  cluster,
		"outside/module/main.tf":  "variable \"name\" {}\noutput \"name\" {\n  value = var.name\n}\n",
		"repo/.git/HEAD":          "ref: refs/heads/main\n",
		"repo/inside/main.tf":     cluster,
		"repo/app/.tflint.hcl":    "plugin \"terraform\" {\n  enabled = false\n}\nplugin \"eksauth\" {\n  enabled       = true\n  cluster_roots = [\"../inside\", \"../linked\"]\n}\n",
		"repo/app/main.tf": `provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
data "terraform_remote_state" "outside" {
  backend = "local"
  config = {
    path = "../../outside/cluster/terraform.tfstate"
  }
}
module "outside" {
  source = "../../outside/module"
  name   = "prod"
}
data "aws_eks_cluster_auth" "state" {
  name = data.terraform_remote_state.outside.outputs.cluster_name
}
data "aws_eks_cluster_auth" "module" {
  name = module.outside.name
}
provider "kubernetes" {
  alias = "state"
  token = data.aws_eks_cluster_auth.state.token
}
provider "kubernetes" {
  alias = "module"
  token = data.aws_eks_cluster_auth.module.token
}
data "aws_eks_cluster_auth" "name" {
  name = "prod"
}
provider "kubernetes" {
  alias = "name"
  token = data.aws_eks_cluster_auth.name.token
}
`,
	}
	writeTree(t, base, files)
	if err := os.Symlink(filepath.Join(base, "outside", "linked"), filepath.Join(base, "repo", "linked")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	res := Run(t, filepath.Join(base, "repo", "app"), Options{})
	// The provider whose cluster comes from the module outside says
	// nothing: that child is not read, and its cluster cannot be told.
	ExpectIssues(t, res,
		"eksauth_role_not_mapped: kubernetes.name provider authenticates to EKS cluster aws_eks_cluster.this of ../inside (by its name \"prod\")",
		"eksauth_context_unavailable: the root module ../../outside/cluster that data.terraform_remote_state.outside reads is outside the repository",
		"eksauth_context_unavailable: the root module ../linked named in cluster_roots is outside the repository",
	)
}

// TestRootsAboveTheParentWithoutGit lints a module in a checkout without
// .git: there is no repository to name, eksauth reads the linted module's
// parent directory and below, and the warning says so.
func TestRootsAboveTheParentWithoutGit(t *testing.T) {
	base := t.TempDir()
	writeTree(t, base, map[string]string{
		"eks-cluster/main.tf": "resource \"aws_eks_cluster\" \"this\" {\n  name = \"prod\"\n}\noutput \"cluster_name\" {\n  value = aws_eks_cluster.this.name\n}\n",
		"live/prod/apps/main.tf": `data "terraform_remote_state" "eks" {
  backend = "local"
  config = {
    path = "../../../eks-cluster/terraform.tfstate"
  }
}
data "aws_eks_cluster_auth" "this" {
  name = data.terraform_remote_state.eks.outputs.cluster_name
}
provider "kubernetes" {
  token = data.aws_eks_cluster_auth.this.token
}
`,
	})
	res := Run(t, filepath.Join(base, "live", "prod", "apps"), Options{})
	ExpectIssues(t, res,
		"eksauth_context_unavailable: the root module ../../../eks-cluster that data.terraform_remote_state.eks reads is above the linted module's parent directory (no .git found, so eksauth reads only the module's parent and below) and is not read; access to its clusters was not checked",
	)
}

// writeTree writes files, by slash-separated path, under base.
func writeTree(t *testing.T, base string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
