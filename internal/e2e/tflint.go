package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// EnvTFLint names the environment variable that points the tests at a tflint
// binary (make test sets it to what scripts/install-tflint.sh prints).
const EnvTFLint = "EKSAUTH_TFLINT"

// installScript is the script that pins and installs tflint, relative to the
// module root. Its TFLINT_VERSION line is the only place the version is
// written down.
const installScript = "scripts/install-tflint.sh"

var tflintOnce struct {
	sync.Once
	path string
	err  error
}

// TFLint returns the path of the pinned tflint binary: $EKSAUTH_TFLINT if
// set, else the binary in the cache that scripts/install-tflint.sh fills.
// The binary must report the pinned version. It never builds tflint: test
// packages run in parallel, and each building it would race the others for
// minutes without a word. When there is no such binary it fails the test
// with the command that provides one; it never skips.
func TFLint(t testing.TB) string {
	t.Helper()
	tflintOnce.Do(func() {
		tflintOnce.path, tflintOnce.err = findTFLint()
	})
	if tflintOnce.err != nil {
		t.Fatalf("e2e: no pinned tflint: %v\n\tRun `make test`, or `bash %s` and then the tests again.", tflintOnce.err, installScript)
	}
	return tflintOnce.path
}

func findTFLint() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	version, err := pinnedVersion(filepath.Join(root, installScript))
	if err != nil {
		return "", err
	}
	if p := os.Getenv(EnvTFLint); p != "" {
		// The stat lets go test's result cache notice a new binary.
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("$%s: %w", EnvTFLint, err)
		}
		if err := checkVersion(p, version); err != nil {
			return "", fmt.Errorf("$%s: %w", EnvTFLint, err)
		}
		return p, nil
	}
	p, err := cachePath(version)
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("$%s is not set and tflint %s is not in the cache: %w", EnvTFLint, version, err)
	}
	if !fi.Mode().IsRegular() || fi.Mode()&0o111 == 0 {
		return "", fmt.Errorf("%s is not an executable file", p)
	}
	if err := checkVersion(p, version); err != nil {
		return "", err
	}
	return p, nil
}

var versionLine = regexp.MustCompile(`(?m)^TFLINT_VERSION=["']?([0-9A-Za-z.\-+]+)["']?\s*$`)

// pinnedVersion reads the version pinned by the install script.
func pinnedVersion(script string) (string, error) {
	src, err := os.ReadFile(script)
	if err != nil {
		return "", fmt.Errorf("reading the pinned version: %w", err)
	}
	m := versionLine.FindSubmatch(src)
	if m == nil {
		return "", fmt.Errorf("%s has no TFLINT_VERSION=... line", script)
	}
	return string(m[1]), nil
}

// cachePath is where scripts/install-tflint.sh installs tflint. It follows the
// script, not os.UserCacheDir, which differs on macOS.
func cachePath(version string) (string, error) {
	cache := os.Getenv("XDG_CACHE_HOME")
	if cache == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		cache = filepath.Join(home, ".cache")
	}
	return filepath.Join(cache, "tflint-ruleset-eksauth", "tflint-v"+version, "tflint"), nil
}

// checkVersion runs bin --version outside any project and without tflint's
// update check (which would call GitHub).
func checkVersion(bin, version string) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--version")
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "TFLINT_DISABLE_VERSION_CHECK=1", "TFLINT_CONFIG_FILE=")
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("%s --version: %w", bin, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	if want := "TFLint version " + version; strings.TrimSpace(first) != want {
		return fmt.Errorf("%s --version says %q, want %q", bin, strings.TrimSpace(first), want)
	}
	return nil
}

var moduleRootOnce struct {
	sync.Once
	dir string
	err error
}

// ModuleRoot returns the directory holding the go.mod of the package under
// test, found by walking up from the working directory (go test runs a test
// binary in its package's directory).
func ModuleRoot() (string, error) {
	moduleRootOnce.Do(func() {
		wd, err := os.Getwd()
		if err != nil {
			moduleRootOnce.err = err
			return
		}
		for dir := wd; ; {
			if fi, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil && !fi.IsDir() {
				moduleRootOnce.dir = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				moduleRootOnce.err = fmt.Errorf("no go.mod in %s or any parent", wd)
				return
			}
			dir = parent
		}
	})
	return moduleRootOnce.dir, moduleRootOnce.err
}

func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return "\t(no output)"
	}
	return "\t" + strings.ReplaceAll(s, "\n", "\n\t")
}
