package ruleset

import (
	"os"
	"path/filepath"
	"testing"
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
