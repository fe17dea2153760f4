package model

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The root modules eksauth reads besides the linted module come from the
// configuration under lint: a terraform_remote_state's local path, a
// cluster_roots entry. In a pull request job the author writes them, and
// could name any directory the job can read (another checkout, a secrets
// mount, the runner's home). They are read only inside the repository the
// linted module belongs to. A local module's source is not confined here:
// tflint itself reads and lints it (see the comment at the top of
// calls.go).

// repoTopCache holds the top found for each linted directory.
var repoTopCache sync.Map // string -> repo

// repo is the directory every module read from disk must lie in.
type repo struct {
	top string
	// git is false when no .git was found and top is the linted module's
	// parent.
	git bool
}

// repoTop is the directory every module read from disk must lie in: the
// repository's top (RepoTop); without one, dir's parent, so a checkout
// without git history still reaches its sibling roots (../cluster) but
// nothing further up.
func repoTop(dir string) repo {
	if v, ok := repoTopCache.Load(dir); ok {
		return v.(repo)
	}
	top := repo{top: RepoTop(dir), git: true}
	if top.top == "" {
		top = repo{top: filepath.Dir(realPath(dir))}
	}
	repoTopCache.Store(dir, top)
	return top
}

// RepoTop is the top of the git work tree dir is in: the nearest directory
// at or above dir that holds .git, whatever its kind (a directory, the
// file of a linked worktree or submodule, a link); "" when there is none.
// dir has its symbolic links resolved first, like every path checked
// against the top. It looks for .git rather than running git: no process,
// no repository configuration obeyed. Counting any .git keeps the top the
// nearest one, so what it bounds is never wider than the repository.
func RepoTop(dir string) string {
	for d := realPath(dir); ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

// realPath is p absolute and with its symbolic links resolved, as far as
// it exists: a link in a missing tail cannot lead anywhere yet.
func realPath(p string) string {
	p, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	rest := ""
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(r, rest)
		}
		up := filepath.Dir(p)
		if up == p {
			return filepath.Join(p, rest)
		}
		rest = filepath.Join(filepath.Base(p), rest)
		p = up
	}
}

// outside reports whether the directory abs, once its links are resolved,
// lies outside the repository of the linted module in dir, and says where
// it is for the message: "outside the repository of the linted module",
// or, in a checkout without .git, where there is no repository to name,
// above the linted module's parent.
func outside(dir, abs string) (where string, out bool) {
	r := repoTop(dir)
	rel, err := filepath.Rel(r.top, realPath(abs))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		if !r.git {
			return "above the linted module's parent directory (no .git found, so eksauth reads only the module's parent and below)", true
		}
		return "outside the repository of the linted module", true
	}
	return "", false
}
