package model

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutside(t *testing.T) {
	dir := tree(t, map[string]string{
		"repo/.git":              "gitdir: elsewhere\n", // a worktree's .git is a file
		"repo/app/main.tf":       "",
		"repo/cluster/main.tf":   "",
		"elsewhere/main.tf":      "",
		"nogit/app/main.tf":      "",
		"nogit/cluster/main.tf":  "",
		"far/main.tf":            "",
		"repo/app/modules/x.tf":  "",
		"repo/app/nested/a/b.tf": "",
	})
	if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "repo", "link")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	app := filepath.Join(dir, "repo", "app")
	const inRepo, aboveParent = "outside the repository", "above the linted module's parent directory (no .git found"
	for _, tc := range []struct {
		from, to string
		out      bool
		where    string // what the message says of where it is
	}{
		{app, filepath.Join(app, "modules"), false, ""},
		{app, filepath.Join(app, "..", "cluster"), false, ""},
		{filepath.Join(app, "nested", "a"), filepath.Join(app, "..", "cluster"), false, ""},
		{app, filepath.Join(app, "..", "..", "elsewhere"), true, inRepo},
		{app, filepath.Join(app, "..", "link"), true, inRepo},
		{app, filepath.Join(app, "..", "link", "missing"), true, inRepo},
		{app, "/", true, inRepo},
		// Without .git above it, a module reaches its siblings only.
		{filepath.Join(dir, "nogit", "app"), filepath.Join(dir, "nogit", "cluster"), false, ""},
		{filepath.Join(dir, "nogit", "app"), filepath.Join(dir, "far"), true, aboveParent},
	} {
		where, got := outside(tc.from, tc.to)
		if got != tc.out {
			t.Errorf("outside(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.out)
		}
		if !strings.HasPrefix(where, tc.where) || (tc.where == "") != (where == "") {
			t.Errorf("outside(%s, %s) says %q, want %q", tc.from, tc.to, where, tc.where)
		}
	}
}
