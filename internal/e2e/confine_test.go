package e2e

import (
	"os"
	"path/filepath"
	"strings"
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

// guessApp is a root module whose kubernetes provider signs as a role the
// cluster does not grant, and which calls, with count (so the call is not
// read as a child), a local module at src that might write aws-auth.
func guessApp(src string) string {
	return `provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
resource "aws_eks_cluster" "this" {
  name     = "prod"
  role_arn = "arn:aws:iam::111122223333:role/eks"
  vpc_config {
    subnet_ids = ["subnet-1"]
  }
  access_config {
    authentication_mode                         = "API_AND_CONFIG_MAP"
    bootstrap_cluster_creator_admin_permissions = false
  }
}
data "aws_eks_cluster_auth" "this" {
  name = aws_eks_cluster.this.name
}
provider "kubernetes" {
  host  = aws_eks_cluster.this.endpoint
  token = data.aws_eks_cluster_auth.this.token
}
module "wrapper" {
  source = "` + src + `"
  count  = 1
}
`
}

const (
	plainModule   = "variable \"x\" {\n  default = 1\n}\n"
	awsAuthModule = "resource \"kubernetes_config_map_v1_data\" \"this\" {\n  metadata {\n    name      = \"aws-auth\"\n    namespace = \"kube-system\"\n  }\n  data = {}\n}\n"
)

// TestModulesOutsideTheRepositoryDecideNothing calls a local module
// outside the repository, which eksauth must not read: whether it holds
// an aws-auth ConfigMap or nothing of the kind, the verdict is the one for
// a module that does not exist, so its contents cannot be probed.
func TestModulesOutsideTheRepositoryDecideNothing(t *testing.T) {
	var want []string
	for i, src := range []string{"../../outside/missing", "../../outside/plain", "../../outside/awsauth"} {
		base := t.TempDir()
		writeTree(t, base, map[string]string{
			"outside/plain/main.tf":   plainModule,
			"outside/awsauth/main.tf": awsAuthModule,
			"repo/.git/HEAD":          "ref: refs/heads/main\n",
			"repo/app/main.tf":        guessApp(src),
		})
		res := Run(t, filepath.Join(base, "repo", "app"), Options{Args: []string{"--call-module-type=none"}})
		got := res.Messages()
		if i == 0 {
			want = got
			continue
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("source %s outside the repository changed the verdict:\n%s\nwant, as for a missing module:\n%s", src, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestLocalModuleGlanceUnderChdir looks at a local module that writes no
// aws-auth from a run with --chdir: its source is relative to the
// calling module, not to the plugin's working directory, so the verdict
// is the one of a run started in the module itself — the role is not
// mapped.
func TestLocalModuleGlanceUnderChdir(t *testing.T) {
	base := t.TempDir()
	writeTree(t, base, map[string]string{
		"repo/.git/HEAD":                 "ref: refs/heads/main\n",
		"repo/app/main.tf":               guessApp("./modules/plain"),
		"repo/app/modules/plain/main.tf": plainModule,
	})
	args := []string{"--call-module-type=none"}
	direct := Run(t, filepath.Join(base, "repo", "app"), Options{Args: args})
	chdir := Run(t, filepath.Join(base, "repo"), Options{Args: append([]string{"--chdir=app"}, args...)})
	for _, res := range []Result{direct, chdir} {
		ExpectIssues(t, res, "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster aws_eks_cluster.this as arn:aws:iam::111122223333:role/ci")
	}
}
