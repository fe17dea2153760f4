package baseline_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
)

func TestMain(m *testing.M) { e2e.Main(m) }

// The story's module, with the role and the mapped roles as parameters.
func story(roleLine, mapped string) string {
	return `
variable "role_arn" {
  type = string
}

provider "aws" {
  assume_role {
` + roleLine + `
  }
}

module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "~> 19.0"
  cluster_name              = "platform"
  manage_aws_auth_configmap = true
  aws_auth_roles = [{ rolearn = "` + mapped + `", username = "admin", groups = ["system:masters"] }]
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}
`
}

const (
	admin = "arn:aws:iam::111122223333:role/platform-admin"
	agent = "arn:aws:iam::111122223333:role/tfc-agent"
)

type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=eksauth", "-c", "user.email=eksauth@example.com", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// commit writes files (name -> content; "" deletes) and commits them.
func (r *repo) commit(msg string, files map[string]string) {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, name)
		if content == "" {
			os.Remove(p)
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
}

func config(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "tflint.hcl")
	src := "plugin \"terraform\" {\n  enabled = false\n}\nplugin \"eksauth\" {\n  enabled = true\n" + body + "\n}\n"
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStoryAsTwoCommits(t *testing.T) {
	r := newRepo(t)
	r.commit("laptop", map[string]string{"main.tf": story("    role_arn = var.role_arn", admin), "terraform.tfvars": `role_arn = "` + admin + `"`})
	r.commit("move to the agent", map[string]string{"terraform.tfvars": `role_arn = "` + agent + `"`})
	res := e2e.Run(t, r.dir, e2e.Options{Config: config(t, `  baseline_ref = "HEAD~1"`)})
	e2e.ExpectIssues(t, res, "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as "+agent+" (assume_role of provider aws, from var.role_arn = terraform.tfvars, changed from "+admin+" at HEAD~1)")
	if res.Issues[0].Range.Filename != "main.tf" || res.Issues[0].Range.Start.Line != 8 {
		t.Errorf("reported at %s, want main.tf:8 (the role_arn line)", res.Issues[0].Range)
	}
}

func TestEnvironmentSetsTheBaseline(t *testing.T) {
	r := newRepo(t)
	r.commit("base", map[string]string{"main.tf": story(`    role_arn = "`+admin+`"`, admin)})
	r.git("branch", "base")
	r.commit("new assume_role", map[string]string{"main.tf": story(`    role_arn = "`+agent+`"`, admin)})
	res := e2e.Run(t, r.dir, e2e.Options{Config: config(t, ""), Env: map[string]string{"EKSAUTH_BASELINE_REF": "base"}})
	e2e.ExpectIssues(t, res, "changed from "+admin+" at base")
}

func TestTokenToExecWithoutRole(t *testing.T) {
	r := newRepo(t)
	r.commit("token", map[string]string{"main.tf": story(`    role_arn = "`+admin+`"`, admin)})
	execProvider := strings.Replace(story(`    role_arn = "`+admin+`"`, admin), "  token = data.aws_eks_cluster_auth.this.token\n",
		"  exec {\n    api_version = \"client.authentication.k8s.io/v1beta1\"\n    command     = \"aws\"\n    args        = [\"eks\", \"get-token\", \"--cluster-name\", module.eks.cluster_name]\n  }\n", 1)
	r.commit("exec", map[string]string{"main.tf": execProvider})
	res := e2e.Run(t, r.dir, e2e.Options{Config: config(t, `  baseline_ref = "HEAD~1"
  execution_roles = ["arn:aws:iam::111122223333:role/gha-runner"]`)})
	e2e.ExpectIssues(t, res, "as arn:aws:iam::111122223333:role/gha-runner (ambient credentials of aws eks get-token, declared in plugin config execution_roles, changed from "+admin+" at HEAD~1)")
}

func TestGrantRemoved(t *testing.T) {
	r := newRepo(t)
	r.commit("mapped", map[string]string{"main.tf": story(`    role_arn = "`+admin+`"`, admin)})
	r.commit("unmapped", map[string]string{"main.tf": story(`    role_arn = "`+admin+`"`, "arn:aws:iam::111122223333:role/someone-else")})
	res := e2e.Run(t, r.dir, e2e.Options{Config: config(t, `  baseline_ref = "HEAD~1"
  only_changed_roles = true`)})
	e2e.ExpectIssues(t, res, "granted at HEAD~1 but no longer")
}

func TestAdoptionMode(t *testing.T) {
	r := newRepo(t)
	legacy := story(`    role_arn = "arn:aws:iam::111122223333:role/legacy"`, admin) // unmapped since forever
	r.commit("legacy", map[string]string{"legacy/main.tf": legacy, "changed/main.tf": story(`    role_arn = "`+admin+`"`, admin)})
	r.commit("change one", map[string]string{"changed/main.tf": story(`    role_arn = "`+agent+`"`, admin)})
	cfg := config(t, `  baseline_ref = "HEAD~1"
  only_changed_roles = true`)
	e2e.ExpectIssues(t, e2e.Run(t, filepath.Join(r.dir, "legacy"), e2e.Options{Config: cfg}))
	e2e.ExpectIssues(t, e2e.Run(t, filepath.Join(r.dir, "changed"), e2e.Options{Config: cfg}), "changed from "+admin+" at HEAD~1")
	// Without adoption mode the legacy module's old finding shows.
	e2e.ExpectIssues(t, e2e.Run(t, filepath.Join(r.dir, "legacy"), e2e.Options{Config: config(t, `  baseline_ref = "HEAD~1"`)}), "as arn:aws:iam::111122223333:role/legacy")
}

func TestRenamedFilesAreNotChanges(t *testing.T) {
	r := newRepo(t)
	legacy := story(`    role_arn = "arn:aws:iam::111122223333:role/legacy"`, admin)
	r.commit("one file", map[string]string{"main.tf": legacy})
	r.commit("renamed", map[string]string{"main.tf": "", "eks.tf": legacy})
	e2e.ExpectIssues(t, e2e.Run(t, r.dir, e2e.Options{Config: config(t, `  baseline_ref = "HEAD~1"
  only_changed_roles = true`)}))
}

func TestModuleNewSinceBaseline(t *testing.T) {
	r := newRepo(t)
	r.commit("empty", map[string]string{"README.md": "nothing yet\n"})
	r.commit("module", map[string]string{"stack/main.tf": story(`    role_arn = "arn:aws:iam::111122223333:role/legacy"`, admin)})
	e2e.ExpectIssues(t, e2e.Run(t, filepath.Join(r.dir, "stack"), e2e.Options{Config: config(t, `  baseline_ref = "HEAD~1"
  only_changed_roles = true`)}), "as arn:aws:iam::111122223333:role/legacy")
}

// Each edge falls back to the full check and says so once.
func TestBaselineEdges(t *testing.T) {
	unmapped := story(`    role_arn = "arn:aws:iam::111122223333:role/legacy"`, admin)
	cfg := config(t, `  baseline_ref = "origin/main"
  only_changed_roles = true`)
	t.Run("missing ref", func(t *testing.T) {
		r := newRepo(t)
		r.commit("one", map[string]string{"main.tf": unmapped})
		e2e.ExpectIssues(t, e2e.Run(t, r.dir, e2e.Options{Config: cfg}),
			"eksauth_role_not_mapped: ", `eksauth_context_unavailable: baseline origin/main cannot be read (git revision "origin/main" does not exist here), so every role was checked`)
	})
	t.Run("shallow clone", func(t *testing.T) {
		r := newRepo(t)
		r.commit("one", map[string]string{"main.tf": unmapped})
		r.commit("two", map[string]string{"other.txt": "x"})
		clone := filepath.Join(t.TempDir(), "clone")
		out, err := exec.Command("git", "clone", "-q", "--depth=1", "file://"+r.dir, clone).CombinedOutput()
		if err != nil {
			t.Fatalf("clone: %v\n%s", err, out)
		}
		e2e.ExpectIssues(t, e2e.Run(t, clone, e2e.Options{Config: config(t, `  baseline_ref = "HEAD~1"`)}),
			"eksauth_role_not_mapped: ", "this is a shallow clone")
	})
	t.Run("not a repository", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(unmapped), 0o644); err != nil {
			t.Fatal(err)
		}
		e2e.ExpectIssues(t, e2e.Run(t, dir, e2e.Options{Config: cfg}), "eksauth_role_not_mapped: ", "is not in a git repository")
	})
	t.Run("git missing", func(t *testing.T) {
		r := newRepo(t)
		r.commit("one", map[string]string{"main.tf": unmapped})
		e2e.ExpectIssues(t, e2e.Run(t, r.dir, e2e.Options{Config: cfg, Env: map[string]string{"PATH": t.TempDir()}}),
			"eksauth_role_not_mapped: ", "git is not on PATH")
	})
}

func TestOnlyChangedRolesNeedsABaseline(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(story(`    role_arn = "`+admin+`"`, admin)), 0o644); err != nil {
		t.Fatal(err)
	}
	res := e2e.Run(t, dir, e2e.Options{Config: config(t, "  only_changed_roles = true")})
	if res.ExitCode != 1 || len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Text(), "only_changed_roles needs a baseline") {
		t.Errorf("exit %d, errors %v; want a configuration error", res.ExitCode, res.Errors)
	}
}

// A provider pointed at another cluster presents its role to that
// cluster for the first time: adoption mode reports it although the role
// is the same.
func TestProviderMovedToAnotherCluster(t *testing.T) {
	two := func(target string) string {
		return story(`    role_arn = "`+admin+`"`, admin) + `
module "eks_green" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "~> 19.0"
  cluster_name              = "green"
  manage_aws_auth_configmap = true
  aws_auth_roles = [{ rolearn = "` + agent + `", username = "agent", groups = ["system:masters"] }]
}

data "aws_eks_cluster_auth" "target" {
  name = ` + target + `
}
`
	}
	r := newRepo(t)
	r.commit("blue", map[string]string{"main.tf": strings.Replace(two("module.eks.cluster_name"), "data.aws_eks_cluster_auth.this.token", "data.aws_eks_cluster_auth.target.token", 1)})
	r.commit("green", map[string]string{"main.tf": strings.Replace(two("module.eks_green.cluster_name"), "data.aws_eks_cluster_auth.this.token", "data.aws_eks_cluster_auth.target.token", 1)})
	cfg := config(t, `  baseline_ref = "HEAD~1"
  only_changed_roles = true`)
	e2e.ExpectIssues(t, e2e.Run(t, r.dir, e2e.Options{Config: cfg}),
		"eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks_green as "+admin)
}

// Files the baseline cannot read are said, not taken as absent. (The
// working tree has no such file: tflint itself would read /dev/zero.)
func TestBaselineSkipsHostileFiles(t *testing.T) {
	r := newRepo(t)
	r.commit("base", map[string]string{"main.tf": story(`    role_arn = "arn:aws:iam::111122223333:role/legacy"`, admin)})
	if err := os.Symlink("/dev/zero", filepath.Join(r.dir, "zero.tf")); err != nil {
		t.Fatal(err)
	}
	r.commit("a symlink out of the repository", nil)
	r.commit("removed", map[string]string{"zero.tf": ""})
	e2e.ExpectIssues(t, e2e.Run(t, r.dir, e2e.Options{Config: config(t, `  baseline_ref = "HEAD~1"
  only_changed_roles = true`)}),
		"eksauth_context_unavailable: at baseline HEAD~1, HEAD~1:zero.tf is a symbolic link that was not followed (path escapes from the repository); what it held counts as new")
}
