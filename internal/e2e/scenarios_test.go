package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScenarios runs every scenario under the repository's testdata/: each
// directory directly under it that holds a .tf or .tf.json file, except
// testdata/fuzz.
// Run one with: go test ./internal/e2e -run 'TestScenarios/NAME'.
func TestScenarios(t *testing.T) {
	root, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := scenarioDirs(filepath.Join(root, "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Log("no scenarios under testdata/")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			CheckScenario(t, dir)
		})
	}
}

// scenarioDirs lists the scenario directories directly under testdata.
func scenarioDirs(testdata string) ([]string, error) {
	entries, err := os.ReadDir(testdata)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, e := range entries {
		if !e.IsDir() || e.Name() == "fuzz" || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		dir := filepath.Join(testdata, e.Name())
		tf, err := filepath.Glob(filepath.Join(dir, "*.tf"))
		if err != nil {
			return nil, err
		}
		js, err := filepath.Glob(filepath.Join(dir, "*.tf.json"))
		if err != nil {
			return nil, err
		}
		if len(tf)+len(js) > 0 {
			dirs = append(dirs, dir)
		}
	}
	return dirs, nil
}
