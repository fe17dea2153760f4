package pipeline

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/project"
)

// exampleDir is the example repository layout with the pre-commit hooks.
const exampleDir = "examples/pre-commit"

// preCommit returns the pre-commit command on PATH (or Debian's, in
// /usr/bin). The test never installs it: without it, it fails with the
// command that does.
func preCommit(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"pre-commit", "/usr/bin/pre-commit"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	t.Fatalf("pre-commit is not on PATH.\n\tRun `make test`, or `bash scripts/install-pre-commit.sh` (which installs Debian's pre-commit package), and then the tests again.")
	return ""
}

// TestPreCommit runs examples/pre-commit's repository-local hook the way a
// user does: in a throwaway git repository holding the story's module
// (examples/before), `pre-commit run --all-files` fails naming
// eksauth_role_not_mapped and the file; once the role is mapped
// (examples/after's main.tf) it passes. The hook runs the pinned tflint and
// the plugin built from this checkout, with the example .tflint.hcl minus
// source and version; nothing reaches the network. Both example
// configurations must also pass `pre-commit validate-config`.
func TestPreCommit(t *testing.T) {
	root := repoRoot(t)
	pc := preCommit(t)
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Fatalf("git is not on PATH: pre-commit needs it")
	}
	tflint := e2e.TFLint(t)
	plugins := e2e.PluginDir(t)
	example := filepath.Join(root, filepath.FromSlash(exampleDir))

	tmp := t.TempDir()
	home := filepath.Join(tmp, "home")
	bin := filepath.Join(tmp, "bin")
	repo := filepath.Join(tmp, "repo")
	for _, d := range []string{home, bin, repo} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The hook finds tflint on PATH, as on a developer's machine.
	if err := os.Symlink(tflint, filepath.Join(bin, "tflint")); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"LANG=C.UTF-8",
		"PRE_COMMIT_HOME=" + filepath.Join(tmp, "pre-commit-cache"),
		"TFLINT_PLUGIN_DIR=" + plugins,
		"TFLINT_DISABLE_VERSION_CHECK=1",
		// Git reads no user or system configuration (hooks, templates).
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_CONFIG_NOSYSTEM=1",
		// Anything that tries the network fails at once: git may use only
		// local repositories, and HTTP goes to a closed local port.
		"GIT_ALLOW_PROTOCOL=file",
		"http_proxy=http://127.0.0.1:9", "https_proxy=http://127.0.0.1:9",
		"HTTP_PROXY=http://127.0.0.1:9", "HTTPS_PROXY=http://127.0.0.1:9",
		"no_proxy=", "NO_PROXY=",
	}
	if d := os.Getenv("TMPDIR"); d != "" {
		env = append(env, "TMPDIR="+d)
	}

	// Both example configurations are valid pre-commit configurations.
	for _, cfg := range []string{".pre-commit-config.yaml", "pre-commit-terraform.pre-commit-config.yaml"} {
		res := command(t, time.Minute, tmp, env, pc, "validate-config", filepath.Join(example, cfg))
		if res.Code != 0 {
			t.Errorf("pre-commit validate-config %s/%s: exit %d\n%s", exampleDir, cfg, res.Code, indent(res.Output))
		}
	}

	// The repository: the example's hook files, its .tflint.hcl made fit for
	// a locally built plugin, the story's module and a clean one.
	copyFile(t, filepath.Join(example, ".pre-commit-config.yaml"), filepath.Join(repo, ".pre-commit-config.yaml"))
	copyFile(t, filepath.Join(example, "scripts", "tflint-eksauth.sh"), filepath.Join(repo, "scripts", "tflint-eksauth.sh"))
	writeFile(t, filepath.Join(repo, ".tflint.hcl"), localPluginConfig(t, filepath.Join(example, ".tflint.hcl")))
	copyModule(t, filepath.Join(root, "examples", "before"), filepath.Join(repo, "stacks", "platform"))
	writeFile(t, filepath.Join(repo, "stacks", "network", "main.tf"), cleanModule)

	git := func(args ...string) {
		t.Helper()
		res := command(t, time.Minute, repo, env, gitBin, args...)
		if res.Code != 0 {
			t.Fatalf("git %s: exit %d\n%s", strings.Join(args, " "), res.Code, indent(res.Output))
		}
	}
	git("init", "-q")
	git("add", "-A")

	run := func() cmdResult {
		t.Helper()
		return command(t, 5*time.Minute, repo, env, pc, "run", "--all-files", "--color=never")
	}

	// Before: the agent's role is not mapped.
	before := run()
	if before.Code == 0 {
		t.Fatalf("pre-commit run --all-files passed on the story's module; want a failure naming %s\n%s", storyRule, indent(before.Output))
	}
	for _, want := range []string{storyRule, "stacks/platform/main.tf", "arn:aws:iam::111122223333:role/tfc-agent"} {
		if !strings.Contains(before.Output, want) {
			t.Errorf("pre-commit run --all-files failed (exit %d) without naming %q\n%s", before.Code, want, indent(before.Output))
		}
	}
	if !regexp.MustCompile(`(?m)^tflint \(eksauth\)\.+Failed$`).MatchString(before.Output) {
		t.Errorf("the hook tflint (eksauth) is not reported as Failed\n%s", indent(before.Output))
	}
	if strings.Contains(before.Output, "stacks/network") {
		t.Errorf("the clean module has findings\n%s", indent(before.Output))
	}

	// After: the role is mapped.
	copyFile(t, filepath.Join(root, "examples", "after", "main.tf"), filepath.Join(repo, "stacks", "platform", "main.tf"))
	git("add", "-A")
	after := run()
	if after.Code != 0 {
		t.Fatalf("pre-commit run --all-files still fails once the role is mapped (exit %d)\n%s", after.Code, indent(after.Output))
	}
	if !regexp.MustCompile(`(?m)^tflint \(eksauth\)\.+Passed$`).MatchString(after.Output) {
		t.Errorf("the hook tflint (eksauth) is not reported as Passed\n%s", indent(after.Output))
	}
	t.Logf("before (exit %d):\n%s\nafter:\n%s", before.Code, indent(before.Output), indent(after.Output))
}

// localPluginConfig turns the example's .tflint.hcl into one for a locally
// built plugin: tflint looks for a plugin with source and version under
// PLUGIN_DIR/SOURCE/VERSION/, so the eksauth block loses those two lines
// (as scripts/demo.sh does). It fails when they are not there to remove.
func localPluginConfig(t *testing.T, path string) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^[ \t]*(source|version)[ \t]*=.*\n`)
	if n := len(re.FindAll(src, -1)); n != 2 {
		t.Fatalf("%s: %d source/version lines, want the eksauth block's two", path, n)
	}
	return re.ReplaceAllString(string(src), "")
}

var hclVersion = regexp.MustCompile(`(?m)^[ \t]*version[ \t]*=[ \t]*"([^"]*)"`)

// TestExamplesNameThisRelease keeps the examples and the documentation
// that users copy on the version being released: the plugin block's
// version, and its source is this repository.
func TestExamplesNameThisRelease(t *testing.T) {
	root := repoRoot(t)
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(exampleDir), ".tflint.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if m := hclVersion.FindSubmatch(src); m == nil {
		t.Errorf("%s/.tflint.hcl: no plugin version", exampleDir)
	} else if string(m[1]) != project.Version {
		t.Errorf("%s/.tflint.hcl: plugin version %q, want %q (internal/project.Version)", exampleDir, m[1], project.Version)
	}
	if !strings.Contains(string(src), `source  = "`+modulePath+`"`) {
		t.Errorf("%s/.tflint.hcl: the plugin's source is not %s", exampleDir, modulePath)
	}
	for _, doc := range []string{"docs/ci.md", "docs/pre-commit.md"} {
		data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(doc)))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range hclVersion.FindAllSubmatch(data, -1) {
			if string(m[1]) != project.Version {
				t.Errorf("%s: plugin version %q, want %q (internal/project.Version)", doc, m[1], project.Version)
			}
		}
	}
}
