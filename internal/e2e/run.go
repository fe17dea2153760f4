package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// DefaultTimeout bounds one tflint run.
const DefaultTimeout = 2 * time.Minute

// EnvTFLintLog names a variable whose value, when set, is passed to tflint as
// TFLINT_LOG (e.g. EKSAUTH_TFLINT_LOG=debug go test ./internal/e2e -run X -v).
// tflint's log goes to Result.Stderr.
const EnvTFLintLog = "EKSAUTH_TFLINT_LOG"

// Options is what differs between runs.
type Options struct {
	// Args are appended to tflint's command line.
	Args []string
	// Env is added to the minimal environment tflint runs with.
	Env map[string]string
	// Config is the tflint config file. Empty means the directory's own
	// .tflint.hcl if it has one, else a config enabling only this plugin.
	// An Args entry --config=... takes precedence over both.
	Config string
	// Timeout bounds the run; zero means DefaultTimeout.
	Timeout time.Duration
}

// Result is what one tflint run printed and returned.
type Result struct {
	Issues   []Issue `json:"issues"`
	Errors   []Error `json:"errors"`
	ExitCode int     `json:"-"`
	Stdout   string  `json:"-"`
	Stderr   string  `json:"-"`
	// Dir and Args say how tflint was run, for failure messages.
	Dir  string   `json:"-"`
	Args []string `json:"-"`
	// MaxRSS is the largest resident set, in bytes, of tflint and the
	// plugin processes it waited for; zero where the system does not say.
	MaxRSS int64 `json:"-"`
	// CPU is the user and system time of tflint and its plugins.
	CPU time.Duration `json:"-"`
}

// Issue is one finding in tflint's JSON output.
type Issue struct {
	Rule    Rule    `json:"rule"`
	Message string  `json:"message"`
	Range   Range   `json:"range"`
	Callers []Range `json:"callers"`
	Fixable bool    `json:"fixable"`
	Fixed   bool    `json:"fixed"`
}

// Rule identifies the rule of an issue.
type Rule struct {
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Link     string `json:"link"`
}

// Range is a source range. Filename is relative to the directory tflint ran
// in for files under it.
type Range struct {
	Filename string `json:"filename"`
	Start    Pos    `json:"start"`
	End      Pos    `json:"end"`
}

// Pos is a 1-based line and column.
type Pos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
}

// Error is an error tflint reports instead of issues: a configuration or
// plugin error. Diagnostics have a Summary; plain errors only a Message.
type Error struct {
	Summary  string `json:"summary"`
	Message  string `json:"message"`
	Severity string `json:"severity"`
	Range    *Range `json:"range"`
}

func (r Range) String() string {
	if r.Filename == "" && r.Start.Line == 0 {
		return "(no range)"
	}
	return fmt.Sprintf("%s:%d:%d", r.Filename, r.Start.Line, r.Start.Column)
}

func (i Issue) String() string {
	return fmt.Sprintf("%s: %s (%s): %s", i.Range, i.Rule.Name, i.Rule.Severity, i.Message)
}

// Text is how errors are matched: "summary: message", or the message alone.
func (e Error) Text() string {
	switch {
	case e.Summary == "":
		return e.Message
	case e.Message == "":
		return e.Summary
	}
	return e.Summary + ": " + e.Message
}

func (e Error) String() string {
	if e.Range != nil {
		return e.Range.String() + ": " + e.Text()
	}
	return e.Text()
}

// Command is the command line of the run, for failure messages.
func (r Result) Command() string {
	return fmt.Sprintf("(cd %s && tflint %s)", r.Dir, strings.Join(r.Args, " "))
}

// Report describes the run for a failure message: the command, the exit
// code, every issue and error, and tflint's stderr.
func (r Result) Report() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nexit code %d\n", r.Command(), r.ExitCode)
	fmt.Fprintf(&b, "issues (%d):\n", len(r.Issues))
	for _, i := range r.Issues {
		fmt.Fprintf(&b, "\t%s\n", i)
	}
	fmt.Fprintf(&b, "errors (%d):\n", len(r.Errors))
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "\t%s\n", e)
	}
	if s := strings.TrimSpace(r.Stderr); s != "" {
		fmt.Fprintf(&b, "stderr:\n%s\n", indent(s))
	}
	return b.String()
}

// Run runs the pinned tflint with this repository's plugin in dir:
//
//	tflint --format=json --config=CONFIG ARGS...
//
// with dir as its working directory, so that issue filenames are relative to
// dir. The environment is minimal: PATH, TMPDIR, HOME set to an empty
// temporary directory (no ~/.tflint.hcl or ~/.tflint.d leaks in),
// TFLINT_PLUGIN_DIR set to PluginDir, and o.Env. Nothing else is inherited;
// in particular no TF_VAR_*, TFE_* or TF_TOKEN_* variable.
//
// Run fails the test when tflint cannot be started, exceeds the timeout (it
// is killed), or prints something that is not its JSON output. Any exit code
// is returned for the caller to judge.
func Run(t testing.TB, dir string, o Options) Result {
	t.Helper()
	return run(t, TFLint(t), PluginDir(t), dir, o)
}

// run is Run with the tflint binary and the plugin directory given.
func run(t testing.TB, bin, plugins, dir string, o Options) Result {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatalf("e2e: %v", err)
	}
	args := []string{"--format=json"}
	if !hasConfigArg(o.Args) {
		config := o.Config
		if config == "" {
			config = filepath.Join(abs, ".tflint.hcl")
			if _, err := os.Stat(config); err != nil {
				if config, err = defaultConfigPath(); err != nil {
					t.Fatalf("e2e: writing the default config: %v", err)
				}
			}
		} else if config, err = filepath.Abs(config); err != nil {
			t.Fatalf("e2e: %v", err)
		}
		args = append(args, "--config="+config)
	}
	args = append(args, o.Args...)

	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = abs
	cmd.Env = runEnv(t.TempDir(), plugins, o.Env)
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	killProcessGroup(cmd)
	// Plugin processes may hold the pipes open after tflint is killed.
	cmd.WaitDelay = 10 * time.Second

	err = cmd.Run()
	res := Result{
		ExitCode: cmd.ProcessState.ExitCode(),
		Stdout:   stdout.String(),
		Stderr:   stderr.String(),
		Dir:      abs,
		Args:     args,
	}
	res.MaxRSS, res.CPU = usage(cmd.ProcessState)
	if ctx.Err() != nil {
		t.Fatalf("e2e: tflint killed after %v\n%s\nstdout:\n%s", timeout, res.Report(), indent(res.Stdout))
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		t.Fatalf("e2e: running tflint: %v\n%s", err, res.Report())
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		t.Fatalf("e2e: tflint's output is not its JSON: %v\n%s\nstdout:\n%s", err, res.Report(), indent(res.Stdout))
	}
	return res
}

func hasConfigArg(args []string) bool {
	for _, a := range args {
		if a == "-c" || a == "--config" || strings.HasPrefix(a, "--config=") || strings.HasPrefix(a, "-c=") {
			return true
		}
	}
	return false
}

// runEnv is the environment of a tflint run.
func runEnv(home, plugins string, extra map[string]string) []string {
	env := map[string]string{
		"PATH":                         os.Getenv("PATH"),
		"HOME":                         home,
		"TFLINT_PLUGIN_DIR":            plugins,
		"TFLINT_DISABLE_VERSION_CHECK": "1",
	}
	if d := os.Getenv("TMPDIR"); d != "" {
		env["TMPDIR"] = d
	}
	if l := os.Getenv(EnvTFLintLog); l != "" {
		env["TFLINT_LOG"] = l
	}
	for k, v := range extra {
		env[k] = v
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}
