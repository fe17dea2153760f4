package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// fakeTB records a fatal failure instead of failing the test. Call the code
// under test through (*fakeTB).do.
type fakeTB struct {
	testing.TB
	fatal string
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatal(args ...any) { f.Fatalf("%s", fmt.Sprint(args...)) }

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// do runs fn in its own goroutine so that Fatalf can end it.
func (f *fakeTB) do(fn func(tb testing.TB)) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(f)
	}()
	<-done
}

// fakeTFLint writes an executable shell script standing in for tflint.
func fakeTFLint(t *testing.T, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake tflint is a shell script")
	}
	p := filepath.Join(t.TempDir(), "tflint")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunEnvironmentAndArguments(t *testing.T) {
	t.Setenv("TF_VAR_leak", "from the developer's shell")
	t.Setenv("TFE_TOKEN", "secret")
	t.Setenv("TF_TOKEN_app_terraform_io", "secret")
	t.Setenv("TFLINT_CONFIG_FILE", "/nope")
	bin := fakeTFLint(t, `
env > "$PWD/env.out"
printf '%s\n' "$@" > "$PWD/args.out"
echo '{"issues":[{"rule":{"name":"eksauth_a","severity":"error","link":"l"},"message":"m","range":{"filename":"main.tf","start":{"line":3,"column":1},"end":{"line":3,"column":9}},"callers":[]}],"errors":[]}'
exit 2
`)
	dir := t.TempDir()
	res := run(t, bin, "/plugins", dir, Options{
		Args: []string{"--var-file=ci.tfvars"},
		Env:  map[string]string{"TF_VAR_role": "r"},
	})

	if res.ExitCode != 2 {
		t.Errorf("ExitCode = %d, want 2", res.ExitCode)
	}
	if len(res.Issues) != 1 || res.Issues[0].Rule.Name != "eksauth_a" || res.Issues[0].Range.Start.Line != 3 {
		t.Errorf("Issues = %+v", res.Issues)
	}

	env := readLines(t, filepath.Join(dir, "env.out"))
	has := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		has[k] = v
	}
	for _, k := range []string{"TF_VAR_leak", "TFE_TOKEN", "TF_TOKEN_app_terraform_io", "TFLINT_CONFIG_FILE"} {
		if _, ok := has[k]; ok {
			t.Errorf("%s leaked into tflint's environment", k)
		}
	}
	if has["TF_VAR_role"] != "r" || has["TFLINT_PLUGIN_DIR"] != "/plugins" || has["PATH"] == "" {
		t.Errorf("environment lacks Options.Env, TFLINT_PLUGIN_DIR or PATH:\n%s", strings.Join(env, "\n"))
	}
	if home, _ := os.UserHomeDir(); has["HOME"] == "" || has["HOME"] == home {
		t.Errorf("HOME = %q, want a temporary directory", has["HOME"])
	}

	args := readLines(t, filepath.Join(dir, "args.out"))
	config, _ := defaultConfigPath()
	want := []string{"--format=json", "--config=" + config, "--var-file=ci.tfvars"}
	if strings.Join(args, " ") != strings.Join(want, " ") {
		t.Errorf("args = %q, want %q", args, want)
	}
	if src, err := os.ReadFile(config); err != nil || !strings.Contains(string(src), `plugin "eksauth"`) {
		t.Errorf("default config %s: %q, %v", config, src, err)
	}
}

func TestRunConfigChoice(t *testing.T) {
	bin := fakeTFLint(t, `printf '%s\n' "$@" > "$PWD/args.out"; echo '{"issues":[],"errors":[]}'`)
	dir := t.TempDir()
	write(t, dir, ".tflint.hcl", "plugin \"eksauth\" { enabled = true }\n")

	run(t, bin, "/plugins", dir, Options{})
	if args := readLines(t, filepath.Join(dir, "args.out")); args[1] != "--config="+filepath.Join(dir, ".tflint.hcl") {
		t.Errorf("with a .tflint.hcl: args = %q", args)
	}
	run(t, bin, "/plugins", dir, Options{Args: []string{"--config=/elsewhere.hcl"}})
	if args := readLines(t, filepath.Join(dir, "args.out")); strings.Join(args, " ") != "--format=json --config=/elsewhere.hcl" {
		t.Errorf("with --config in Args: args = %q", args)
	}
}

func TestRunTimeoutKillsEverything(t *testing.T) {
	// The fake starts a child that would keep stdout open, as a plugin
	// process does.
	bin := fakeTFLint(t, "sleep 60 &\nsleep 60\n")
	f := &fakeTB{TB: t}
	start := time.Now()
	f.do(func(tb testing.TB) { run(tb, bin, "/plugins", t.TempDir(), Options{Timeout: 300 * time.Millisecond}) })
	if !strings.Contains(f.fatal, "tflint killed after 300ms") {
		t.Errorf("fatal = %q, want a timeout", f.fatal)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the run took %v after its timeout", d)
	}
}

func TestRunOutputNotJSON(t *testing.T) {
	bin := fakeTFLint(t, "echo 'panic: boom'; echo 'goroutine 1' >&2; exit 1\n")
	f := &fakeTB{TB: t}
	f.do(func(tb testing.TB) { run(tb, bin, "/plugins", t.TempDir(), Options{}) })
	for _, s := range []string{"not its JSON", "exit code 1", "panic: boom", "goroutine 1"} {
		if !strings.Contains(f.fatal, s) {
			t.Errorf("fatal = %q, want it to contain %q", f.fatal, s)
		}
	}
}

func TestRunCannotStart(t *testing.T) {
	f := &fakeTB{TB: t}
	f.do(func(tb testing.TB) {
		run(tb, filepath.Join(t.TempDir(), "missing"), "/plugins", t.TempDir(), Options{})
	})
	if !strings.Contains(f.fatal, "running tflint") {
		t.Errorf("fatal = %q", f.fatal)
	}
}

func TestPinnedVersion(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	v, err := pinnedVersion(filepath.Join(root, installScript))
	if err != nil {
		t.Fatal(err)
	}
	if v != "0.64.0" {
		t.Errorf("pinned version = %q, want 0.64.0", v)
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(b), "\n"), "\n")
}

func TestCheckVersion(t *testing.T) {
	good := fakeTFLint(t, "echo 'TFLint version 0.64.0'; echo '+ ruleset.terraform (0.15.0-bundled)'\n")
	if err := checkVersion(good, "0.64.0"); err != nil {
		t.Errorf("checkVersion(0.64.0 binary): %v", err)
	}
	old := fakeTFLint(t, "echo 'TFLint version 0.50.0'\n")
	if err := checkVersion(old, "0.64.0"); err == nil || !strings.Contains(err.Error(), `"TFLint version 0.50.0"`) {
		t.Errorf("checkVersion(0.50.0 binary) = %v, want a version mismatch", err)
	}
	broken := fakeTFLint(t, "exit 1\n")
	if err := checkVersion(broken, "0.64.0"); err == nil {
		t.Error("checkVersion(failing binary) = nil")
	}
}

// TestTFLint checks that the tests get the pinned tflint (installing it if
// it is not cached yet).
func TestTFLint(t *testing.T) {
	bin := TFLint(t)
	if err := checkVersion(bin, "0.64.0"); err != nil {
		t.Error(err)
	}
}

func TestIssueFile(t *testing.T) {
	for _, tt := range []struct{ dir, name, want string }{
		{"/s", "main.tf", "main.tf"},
		{"/s", "./modules/m/main.tf", "modules/m/main.tf"},
		{"/s", "/s/modules/m/main.tf", "modules/m/main.tf"},
		{"/s", "/elsewhere/main.tf", "/elsewhere/main.tf"},
		{"/s", "", ""},
	} {
		if got := issueFile(tt.dir, tt.name); got != tt.want {
			t.Errorf("issueFile(%q, %q) = %q, want %q", tt.dir, tt.name, got, tt.want)
		}
	}
}
