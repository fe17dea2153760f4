package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// TestRootsOutsideTheRepositoryAreNotRead lints a module whose remote
// state path and cluster_roots entry (through a symbolic link) lead out
// of its git repository: neither is read, each is named in one warning,
// and a root inside the repository is still read. (Local module sources
// are read wherever they point: see TestModulesOutsideTheRepositoryAreRead.)
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
data "aws_eks_cluster_auth" "state" {
  name = data.terraform_remote_state.outside.outputs.cluster_name
}
provider "kubernetes" {
  alias = "state"
  token = data.aws_eks_cluster_auth.state.token
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

// TestModulesOutsideTheRepositoryAreRead calls, with count (so the call
// is looked at, not read whole), a local module outside the repository:
// tflint reads and lints a local module wherever its source points, so
// eksauth reads it too. One that writes nothing leaves the role unmapped,
// one with an aws-auth ConfigMap leaves the answer open, and one that is
// missing leaves it open saying it was not read, and why.
func TestModulesOutsideTheRepositoryAreRead(t *testing.T) {
	for _, tc := range []struct {
		src, want string
	}{
		{"../../outside/plain", "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster aws_eks_cluster.this as arn:aws:iam::111122223333:role/ci"},
		{"../../outside/awsauth", "module.wrapper (a module that may write aws-auth) cannot be read"},
		{"../../outside/missing", "module.wrapper (a local module that was not read: ../../outside/missing does not exist) cannot be read"},
	} {
		t.Run(tc.src, func(t *testing.T) {
			base := t.TempDir()
			writeTree(t, base, map[string]string{
				"outside/plain/main.tf":   plainModule,
				"outside/awsauth/main.tf": awsAuthModule,
				"repo/.git/HEAD":          "ref: refs/heads/main\n",
				"repo/app/main.tf":        guessApp(tc.src),
				"repo/app/.tflint.hcl":    "plugin \"terraform\" {\n  enabled = false\n}\nplugin \"eksauth\" {\n  enabled = true\n}\nrule \"eksauth_unverified_auth\" {\n  enabled = true\n}\n",
			})
			res := Run(t, filepath.Join(base, "repo", "app"), Options{Args: []string{"--call-module-type=none"}})
			ExpectIssues(t, res, tc.want)
		})
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

// TestLocalModulesWithoutGit checks each tree under testdata/without_git
// (its linted module is envs/prod, its local modules further up) twice:
// where it lies, inside this repository, and copied to a directory with
// no .git above it, as an exported tree or a CI artifact is. A local
// module is read wherever its source points, as tflint reads it, so both
// runs must find what the want comments say.
func TestLocalModulesWithoutGit(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	trees := filepath.Join(root, "testdata", "without_git")
	entries, err := os.ReadDir(trees)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			t.Parallel()
			src := filepath.Join(trees, e.Name())
			CheckScenario(t, filepath.Join(src, "envs", "prod"))
			dst := filepath.Join(t.TempDir(), e.Name())
			if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			CheckScenario(t, filepath.Join(dst, "envs", "prod"))
		})
	}
}
