package model

import (
	"os"
	"path/filepath"
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
	for _, tc := range []struct {
		from, to string
		out      bool
	}{
		{app, filepath.Join(app, "modules"), false},
		{app, filepath.Join(app, "..", "cluster"), false},
		{filepath.Join(app, "nested", "a"), filepath.Join(app, "..", "cluster"), false},
		{app, filepath.Join(app, "..", "..", "elsewhere"), true},
		{app, filepath.Join(app, "..", "link"), true},
		{app, filepath.Join(app, "..", "link", "missing"), true},
		{app, "/", true},
		// Without .git above it, a module reaches its siblings only.
		{filepath.Join(dir, "nogit", "app"), filepath.Join(dir, "nogit", "cluster"), false},
		{filepath.Join(dir, "nogit", "app"), filepath.Join(dir, "far"), true},
	} {
		if _, got := outside(tc.from, tc.to); got != tc.out {
			t.Errorf("outside(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.out)
		}
	}
}
