package e2e

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// PluginBinary is the file name tflint looks for in TFLINT_PLUGIN_DIR for
// `plugin "eksauth" { enabled = true }` (no source, no version).
const PluginBinary = "tflint-ruleset-eksauth"

// defaultConfig lints with the eksauth plugin only: the bundled terraform
// ruleset would otherwise add its "recommended" preset's issues.
const defaultConfig = `plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
}
`

// work is the process's temporary directory: the plugin directory, the
// default config and the HOME directories of runs live under it. Main
// removes it.
var work struct {
	mu  sync.Mutex
	dir string
}

func workDir() (string, error) {
	work.mu.Lock()
	defer work.mu.Unlock()
	if work.dir == "" {
		d, err := os.MkdirTemp("", "eksauth-e2e-")
		if err != nil {
			return "", err
		}
		work.dir = d
	}
	return work.dir, nil
}

// Main runs the tests and then removes what PluginDir and Run left in the
// temporary directory. Call it from TestMain in every package that uses this
// one:
//
//	func TestMain(m *testing.M) { e2e.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	work.mu.Lock()
	if work.dir != "" {
		os.RemoveAll(work.dir)
	}
	work.mu.Unlock()
	os.Exit(code)
}

var pluginOnce struct {
	sync.Once
	dir string
	err error
}

// PluginDir returns a plugin directory (for TFLINT_PLUGIN_DIR) holding this
// repository's plugin, built from the module root once per test binary. A
// build failure fails every test that asks, each with the compiler's output.
func PluginDir(t testing.TB) string {
	t.Helper()
	pluginOnce.Do(func() {
		pluginOnce.dir, pluginOnce.err = buildPlugin()
	})
	if pluginOnce.err != nil {
		t.Fatalf("e2e: building the plugin: %v", pluginOnce.err)
	}
	return pluginOnce.dir
}

func buildPlugin() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	w, err := workDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(w, "plugins")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	noteSources(root)
	out := filepath.Join(dir, PluginBinary)
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	cmd := exec.Command(goTool(), "build", "-o", out, ".")
	cmd.Dir = root
	var output bytes.Buffer
	cmd.Stdout = &output
	cmd.Stderr = &output
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build -o %s . (in %s): %w\n%s", out, root, err, indent(output.String()))
	}
	return dir, nil
}

// noteSources stats the plugin's source files (and lists their directories).
// go test caches a passing result together with the files and directories the
// test process looked at, and reuses it only while they are unchanged; the
// plugin is built by a child process, so without this a cached pass would
// survive a change to the rules.
func noteSources(root string) {
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || name == "bin" || name == "examples" || name == "docs" ||
				strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(name, ".go") || name == "go.mod" || name == "go.sum" {
			os.Stat(path)
		}
		return nil
	})
}

// goTool is the go command. go test puts the $GOROOT/bin of the go command
// running the tests first on the test binary's PATH.
func goTool() string { return "go" }

var configOnce struct {
	sync.Once
	path string
	err  error
}

// defaultConfigPath returns the path of a config file holding defaultConfig.
func defaultConfigPath() (string, error) {
	configOnce.Do(func() {
		w, err := workDir()
		if err != nil {
			configOnce.err = err
			return
		}
		p := filepath.Join(w, "default.tflint.hcl")
		configOnce.err = os.WriteFile(p, []byte(defaultConfig), 0o644)
		configOnce.path = p
	})
	return configOnce.path, configOnce.err
}
