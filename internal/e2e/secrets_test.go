package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeToken is recognisable in any output it leaks into.
const fakeToken = "eksauthFAKEtoken.atlasv1.0123456789abcdefSECRET"

// TestNoSecretInOutput runs every scenario with HCP Terraform tokens in the
// environment and debug logging on, and looks for the token and for the
// values of sensitive variables in everything tflint and the plugin print.
func TestNoSecretInOutput(t *testing.T) {
	mod, err := ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(mod, "testdata")
	dirs, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	secrets := []string{
		fakeToken,
		// The sensitive default of testdata/sensitive_role.
		"role/secret-deployer",
	}
	for _, d := range dirs {
		dir := filepath.Join(root, d.Name())
		if tf, _ := filepath.Glob(filepath.Join(dir, "*.tf")); !d.IsDir() || len(tf) == 0 {
			continue
		}
		t.Run(d.Name(), func(t *testing.T) {
			t.Parallel()
			sc, err := LoadScenario(dir)
			if err != nil {
				t.Fatal(err)
			}
			env := map[string]string{
				"TF_TOKEN_app_terraform_io": fakeToken,
				"TFE_TOKEN":                 fakeToken,
				"TFLINT_LOG":                "debug",
			}
			for k, v := range sc.Env {
				env[k] = v
			}
			res := Run(t, dir, Options{Args: sc.Args, Env: env})
			out := res.Stdout + res.Stderr
			for _, s := range secrets {
				if strings.Contains(out, s) {
					i := strings.Index(out, s)
					t.Errorf("output contains the secret %q: ...%s...", s, out[max(0, i-200):min(len(out), i+len(s)+50)])
				}
			}
		})
	}
}
