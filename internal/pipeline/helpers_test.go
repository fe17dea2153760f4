package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	yaml "github.com/zclconf/go-cty-yaml"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
)

// repoRoot is the module root, where the workflows, .goreleaser.yml and the
// examples live.
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := e2e.ModuleRoot()
	if err != nil {
		t.Fatalf("module root: %v", err)
	}
	return root
}

// cacheRoot is where the repository's scripts install pinned tools; it
// follows scripts/install-tflint.sh, not os.UserCacheDir.
func cacheRoot() (string, error) {
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "tflint-ruleset-eksauth"), nil
}

// pinnedVersion reads NAME=VERSION from a script of the repository, where
// each tool's version is pinned once.
func pinnedVersion(t testing.TB, script, name string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(repoRoot(t), script))
	if err != nil {
		t.Fatalf("reading the pinned %s: %v", name, err)
	}
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `=["']?([0-9A-Za-z.\-+]+)["']?\s*$`)
	m := re.FindSubmatch(src)
	if m == nil {
		t.Fatalf("%s has no %s=... line", script, name)
	}
	return string(m[1])
}

// decodeYAML reads a YAML file into v through its JSON form (go-cty-yaml,
// already a dependency, then encoding/json), so that v can be a plain Go
// struct with json tags. Duplicate keys are an error.
func decodeYAML(t testing.TB, path string, v any) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ty, err := yaml.ImpliedType(src)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	val, err := yaml.Unmarshal(src, ty)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	js, err := ctyjson.Marshal(val, val.Type())
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := json.Unmarshal(js, v); err != nil {
		t.Fatalf("%s: unexpected shape: %v\n%s", path, err, js)
	}
}

// stringList is a YAML value that may be written as one string or a list.
type stringList []string

func (s *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

// cmdResult is what a command printed (stdout and stderr interleaved) and
// its exit code.
type cmdResult struct {
	Output string
	Code   int
}

// command runs name with args in dir with exactly env (nil: the test's
// environment), bounded by timeout. It fails the test when the command
// cannot start or times out; the exit code is the caller's to judge.
func command(t testing.TB, timeout time.Duration, dir string, env []string, name string, args ...string) cmdResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = env
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.WaitDelay = 10 * time.Second
	err := cmd.Run()
	line := fmt.Sprintf("(cd %s && %s %s)", dir, name, strings.Join(args, " "))
	if ctx.Err() != nil {
		t.Fatalf("%s: killed after %v\n%s", line, timeout, indent(out.String()))
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("%s: %v\n%s", line, err, indent(out.String()))
	}
	return cmdResult{Output: out.String(), Code: cmd.ProcessState.ExitCode()}
}

// copyFile copies src to dst, keeping the permission bits and creating
// dst's directory.
func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	fi, err := os.Stat(src)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, fi.Mode().Perm()); err != nil {
		t.Fatal(err)
	}
}

// copyModule copies the Terraform files (*.tf, *.tfvars) of the directory
// src into dst.
func copyModule(t testing.TB, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.IsDir() || !(strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".tfvars")) {
			continue
		}
		copyFile(t, filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()))
		n++
	}
	if n == 0 {
		t.Fatalf("%s has no Terraform files", src)
	}
}

// writeFile writes content to path, creating its directory.
func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineOf returns the 1-based line of path that contains substr, failing
// when there is not exactly one.
func lineOf(t testing.TB, path, substr string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, substr) {
			if found != 0 {
				t.Fatalf("%s: %q on lines %d and %d", path, substr, found, i+1)
			}
			found = i + 1
		}
	}
	if found == 0 {
		t.Fatalf("%s: no line contains %q", path, substr)
	}
	return found
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return "\t(no output)"
	}
	return "\t" + strings.ReplaceAll(s, "\n", "\n\t")
}
