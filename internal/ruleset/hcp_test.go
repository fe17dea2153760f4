package ruleset

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"
	"time"
	"weak"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
)

// The checkout a referenced workspace is read from is the linted module's
// repository as confinement sees it: the nearest .git of any kind, so a
// working directory of the same name in an enclosing repository is not
// taken for the workspace's.
func TestInCheckoutIsTheLintedRepository(t *testing.T) {
	top := t.TempDir()
	for _, d := range []string{".git", "gitdirs/repo", "repo/app", "eks", "repo/network"} {
		if err := os.MkdirAll(filepath.Join(top, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{"repo/app/main.tf", "eks/main.tf", "repo/network/main.tf"} {
		if err := os.WriteFile(filepath.Join(top, f), []byte("# empty\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A repository whose .git is a link to its git directory, nested in
	// another repository.
	if err := os.Symlink(filepath.Join(top, "gitdirs", "repo"), filepath.Join(top, "repo", ".git")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	app := filepath.Join(top, "repo", "app")
	if got := inCheckout(app, "eks"); got != "" {
		t.Errorf("inCheckout(app, eks) = %s, want none: eks is outside the linted module's repository", got)
	}
	if got, want := inCheckout(app, "network"), filepath.Join(top, "repo", "network"); got != want {
		t.Errorf("inCheckout(app, network) = %q, want %q", got, want)
	}
}

// A downloaded configuration is held only until its model is built: what
// the model keeps of the workspace (its variables, its environment) does
// not keep the archive's files.
func TestReferencedConfigurationIsNotKept(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-cluster", WorkingDirectory: "infra/eks"})
	srv.AddVariable(id, hcptest.Var{Key: "TF_VAR_region", Value: "eu-west-1", Category: "env"})
	srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: hcptest.Archive(map[string]string{"infra/eks/main.tf": "# empty\n"})})
	t.Setenv("TFE_TOKEN", srv.Token)
	t.Setenv("TFE_ADDRESS", srv.URL)
	w := &workspaces{cfg: hcp.Config{Enabled: true, Address: srv.URL, Timeout: time.Minute}}
	cfg, warning := w.referenced(model.WorkspaceRef{Organization: "acme", Name: "eks-cluster"}, t.TempDir())
	if cfg == nil {
		t.Fatalf("not read: %s", warning)
	}
	files, ok := cfg.Files.(fstest.MapFS)
	if !ok || files["infra/eks/main.tf"] == nil {
		t.Fatalf("downloaded files %v", cfg.Files)
	}
	file := weak.Make(files["infra/eks/main.tf"])
	files, cfg.Files = nil, nil // as the model does once it is built
	runtime.GC()
	if file.Value() != nil {
		t.Errorf("the downloaded configuration is still held after its model was built")
	}
	if got := cfg.Getenv("TF_VAR_region"); got != "eu-west-1" {
		t.Errorf("Getenv(TF_VAR_region) = %q", got)
	}
	runtime.KeepAlive(w)
}
