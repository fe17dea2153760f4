package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// actionlintScript pins actionlint and installs it into the cache.
const actionlintScript = "scripts/install-actionlint.sh"

// envActionlint points the tests at an actionlint binary (make test sets it
// to what scripts/install-actionlint.sh prints).
const envActionlint = "EKSAUTH_ACTIONLINT"

// actionlint returns the pinned actionlint: $EKSAUTH_ACTIONLINT, else the
// binary in the cache that scripts/install-actionlint.sh fills. It never
// builds it; without it the test fails with the command that does.
func actionlint(t *testing.T) string {
	t.Helper()
	version := pinnedVersion(t, actionlintScript, "ACTIONLINT_VERSION")
	const provide = "\n\tRun `make test`, or `bash " + actionlintScript + "` and then the tests again."
	if p := os.Getenv(envActionlint); p != "" {
		if !reportsVersion(p, version) {
			t.Fatalf("$%s=%s is not actionlint %s%s", envActionlint, p, version, provide)
		}
		return p
	}
	cache, err := cacheRoot()
	if err != nil {
		t.Fatalf("no pinned actionlint: %v%s", err, provide)
	}
	p := filepath.Join(cache, "actionlint-v"+version, "actionlint")
	if !reportsVersion(p, version) {
		t.Fatalf("no pinned actionlint: $%s is not set and %s is missing or not actionlint %s%s", envActionlint, p, version, provide)
	}
	return p
}

func reportsVersion(bin, version string) bool {
	if fi, err := os.Stat(bin); err != nil || !fi.Mode().IsRegular() {
		return false
	}
	out, err := exec.Command(bin, "-version").Output()
	if err != nil {
		return false
	}
	first, _, _ := strings.Cut(string(out), "\n")
	first = strings.TrimSpace(first)
	return first == version || first == "v"+version
}

// workflowFiles lists the workflows actionlint must accept: this
// repository's and the examples for users.
func workflowFiles(t *testing.T) []string {
	t.Helper()
	root := repoRoot(t)
	var out []string
	for _, pattern := range []string{
		".github/workflows/*.yml", ".github/workflows/*.yaml",
		"examples/*/*.yml", "examples/*/*.yaml",
		"docs/examples/*.yml", "docs/examples/*.yaml", "docs/examples/*/*.yml", "docs/examples/*/*.yaml",
	} {
		matches, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			if isWorkflow(t, m) {
				rel, _ := filepath.Rel(root, m)
				out = append(out, filepath.ToSlash(rel))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// isWorkflow tells a GitHub workflow from other YAML under examples/ (the
// pre-commit configurations): a workflow has jobs.
func isWorkflow(t *testing.T, path string) bool {
	if strings.Contains(filepath.ToSlash(path), "/.github/workflows/") {
		return true
	}
	var doc struct {
		Jobs map[string]any `json:"jobs"`
	}
	decodeYAML(t, path, &doc)
	return len(doc.Jobs) > 0
}

// TestWorkflowsPassActionlint runs the pinned actionlint over every workflow
// of the repository and every example workflow. actionlint also runs
// shellcheck over run: scripts when shellcheck is on PATH; it is not
// required.
func TestWorkflowsPassActionlint(t *testing.T) {
	bin := actionlint(t)
	workflows := workflowFiles(t)
	for _, want := range []string{".github/workflows/ci.yml", ".github/workflows/release.yml", "examples/github-actions/eksauth.yml"} {
		if !slices.Contains(workflows, want) {
			t.Errorf("%s is missing (workflows found: %v)", want, workflows)
		}
	}
	// actionlint reads the files in a child process; reading them here too
	// lets go test's result cache notice when one changes.
	for _, f := range workflows {
		if _, err := os.ReadFile(filepath.Join(repoRoot(t), f)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := exec.LookPath("shellcheck"); err == nil {
		t.Log("shellcheck is on PATH: actionlint checks run: scripts with it")
	} else {
		t.Log("shellcheck is not on PATH: actionlint skips its checks of run: scripts")
	}
	res := command(t, 5*time.Minute, repoRoot(t), nil, bin, append([]string{"-no-color"}, workflows...)...)
	if res.Code != 0 {
		t.Fatalf("actionlint %s (exit %d):\n%s", strings.Join(workflows, " "), res.Code, indent(res.Output))
	}
	t.Logf("actionlint accepts %s", strings.Join(workflows, ", "))
}

// step is one step of a workflow job.
type step struct {
	Name string            `json:"name"`
	Uses string            `json:"uses"`
	Run  string            `json:"run"`
	If   string            `json:"if"`
	With map[string]any    `json:"with"`
	Env  map[string]string `json:"env"`
}

// workflow is the part of a GitHub workflow these tests look at. YAML 1.1
// reads the key "on" as true, hence both fields.
type workflow struct {
	On          map[string]any `json:"on"`
	OnTrue      map[string]any `json:"true"`
	Permissions any            `json:"permissions"`
	Jobs        map[string]struct {
		Permissions map[string]string `json:"permissions"`
		Steps       []step            `json:"steps"`
	} `json:"jobs"`
}

func (w workflow) triggers() map[string]any {
	if w.On != nil {
		return w.On
	}
	return w.OnTrue
}

// action is the action a step uses without its ref ("owner/repo[/path]").
func (s step) action() string {
	a, _, _ := strings.Cut(s.Uses, "@")
	return a
}

// TestExampleWorkflow checks that the example PR lint workflow does what
// docs/ci.md says: set up tflint, install the plugin with tflint --init, lint
// every module with one absolute config into SARIF, upload it, and hand the
// HCP Terraform token to tflint from a secret.
func TestExampleWorkflow(t *testing.T) {
	path := filepath.Join(repoRoot(t), "examples", "github-actions", "eksauth.yml")
	var w workflow
	decodeYAML(t, path, &w)
	if _, ok := w.triggers()["pull_request"]; !ok {
		t.Errorf("the example does not run on pull_request")
	}
	if len(w.Jobs) != 1 {
		t.Fatalf("the example has %d jobs, want 1", len(w.Jobs))
	}
	for name, job := range w.Jobs {
		if job.Permissions["security-events"] != "write" {
			t.Errorf("job %s: permissions.security-events is %q, want write (SARIF upload)", name, job.Permissions["security-events"])
		}
		idx := func(pred func(step) bool) int { return slices.IndexFunc(job.Steps, pred) }
		setup := idx(func(s step) bool { return s.action() == "terraform-linters/setup-tflint" })
		initStep := idx(func(s step) bool { return strings.Contains(s.Run, "tflint --init") })
		lint := idx(func(s step) bool {
			return strings.Contains(s.Run, "tflint --recursive") && strings.Contains(s.Run, "--format sarif")
		})
		upload := idx(func(s step) bool { return s.action() == "github/codeql-action/upload-sarif" })
		if setup < 0 || initStep < 0 || lint < 0 || upload < 0 {
			t.Fatalf("job %s: want steps setup-tflint, tflint --init, tflint --recursive --format sarif, upload-sarif; found setup=%d init=%d lint=%d upload=%d",
				name, setup, initStep, lint, upload)
		}
		if !(setup < initStep && initStep < lint && lint < upload) {
			t.Errorf("job %s: steps out of order: setup=%d init=%d lint=%d upload=%d", name, setup, initStep, lint, upload)
		}
		for _, i := range []int{initStep, lint} {
			if !strings.Contains(job.Steps[i].Run, `--config "$GITHUB_WORKSPACE/.tflint.hcl"`) {
				t.Errorf("job %s, step %q: want an absolute --config \"$GITHUB_WORKSPACE/.tflint.hcl\"", name, job.Steps[i].Name)
			}
		}
		if got := job.Steps[lint].Env["TF_TOKEN_app_terraform_io"]; got != "${{ secrets.TF_TOKEN_app_terraform_io }}" {
			t.Errorf("job %s: the lint step's TF_TOKEN_app_terraform_io is %q, want the secret of that name", name, got)
		}
		for i, s := range job.Steps {
			if i != lint && s.Env["TF_TOKEN_app_terraform_io"] != "" {
				t.Errorf("job %s: step %q gets the HCP Terraform token too; only the lint step needs it", name, s.Name)
			}
		}
		if u := job.Steps[upload]; !strings.Contains(u.If, "cancelled()") {
			t.Errorf("job %s: the upload runs only if %q; it must also run when tflint found issues (exit 2)", name, u.If)
		}
		if sarif, _ := job.Steps[upload].With["sarif_file"].(string); !strings.Contains(job.Steps[lint].Run, "> "+sarif) {
			t.Errorf("job %s: upload-sarif reads %q, which the lint step does not write", name, sarif)
		}
	}
}

// TestReleaseWorkflowAttestsChecksums checks the release workflow against
// what tflint --init verifies: an artifact attestation of checksums.txt made
// by a workflow of this repository on a v* tag, before the release is
// published.
func TestReleaseWorkflowAttestsChecksums(t *testing.T) {
	root := repoRoot(t)
	var w workflow
	decodeYAML(t, filepath.Join(root, ".github", "workflows", "release.yml"), &w)
	push, _ := w.triggers()["push"].(map[string]any)
	tags, _ := push["tags"].([]any)
	if len(tags) == 0 {
		t.Fatalf("release.yml does not run on pushed tags")
	}
	for _, tag := range tags {
		if s, _ := tag.(string); !strings.HasPrefix(s, "v") {
			t.Errorf("release.yml runs on tag pattern %q; tflint --init looks for tags v<version>", s)
		}
	}

	var releaseJob string
	for name, job := range w.Jobs {
		gr := slices.IndexFunc(job.Steps, func(s step) bool {
			args, _ := s.With["args"].(string)
			return s.action() == "goreleaser/goreleaser-action" && strings.HasPrefix(args, "release")
		})
		if gr < 0 {
			continue
		}
		releaseJob = name
		for perm, want := range map[string]string{"contents": "write", "id-token": "write", "attestations": "write"} {
			if job.Permissions[perm] != want {
				t.Errorf("job %s: permissions.%s is %q, want %q", name, perm, job.Permissions[perm], want)
			}
		}
		attest := slices.IndexFunc(job.Steps, func(s step) bool {
			return s.action() == "actions/attest-build-provenance" || s.action() == "actions/attest"
		})
		if attest < 0 {
			t.Fatalf("job %s: no actions/attest-build-provenance step", name)
		}
		if attest < gr {
			t.Errorf("job %s: the attestation comes before goreleaser builds checksums.txt", name)
		}
		if got, _ := job.Steps[attest].With["subject-path"].(string); got != "dist/checksums.txt" {
			t.Errorf("job %s: attests %q, want dist/checksums.txt (tflint looks attestations up by its digest)", name, got)
		}
		publish := slices.IndexFunc(job.Steps, func(s step) bool { return strings.Contains(s.Run, "--draft=false") })
		if publish >= 0 && publish < attest {
			t.Errorf("job %s: the release is published before checksums.txt is attested", name)
		}
	}
	if releaseJob == "" {
		t.Fatalf("release.yml has no job running goreleaser release")
	}

	// One GoReleaser version for the dry run in CI and the release.
	versions := map[string]string{}
	for _, f := range []string{"ci.yml", "release.yml"} {
		var w workflow
		decodeYAML(t, filepath.Join(root, ".github", "workflows", f), &w)
		for _, job := range w.Jobs {
			for _, s := range job.Steps {
				if s.action() == "goreleaser/goreleaser-action" {
					v, _ := s.With["version"].(string)
					if v == "" || v == "latest" || strings.Contains(v, "~") {
						t.Errorf("%s: goreleaser version %q is not pinned", f, v)
					}
					versions[f+" "+s.Name] = v
				}
			}
		}
	}
	seen := map[string]bool{}
	for _, v := range versions {
		seen[v] = true
	}
	if len(seen) != 1 {
		t.Errorf("goreleaser versions differ between workflows: %v", versions)
	}
}
