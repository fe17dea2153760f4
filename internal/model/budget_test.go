package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
)

// A local child read whole is judged by its model, not by its text: a
// comment that names aws-auth writes nothing, and the cluster's answers
// stay certain.
func TestChildReadWholeIsJudgedByItsModel(t *testing.T) {
	dir := tree(t, map[string]string{
		".git/HEAD": "ref: refs/heads/main\n",
		"app/main.tf": `
resource "aws_eks_cluster" "this" {
  name = "prod"
  access_config { authentication_mode = "API_AND_CONFIG_MAP" }
}
data "aws_eks_cluster_auth" "this" { name = aws_eks_cluster.this.name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.this.token }
module "notes" { source = "./modules/notes" }
module "auth"  { source = "./modules/auth" }
`,
		"app/modules/notes/main.tf": "# This module does not touch aws-auth.\nvariable \"x\" { default = 1 }\n",
		"app/modules/auth/main.tf":  "variable \"x\" { default = 1 }\n",
	})
	m := loadRoot(t, dir)
	c := m.Cluster("aws_eks_cluster.this")
	if c == nil {
		t.Fatal("no cluster")
	}
	if len(c.Hidden) != 0 {
		t.Errorf("hidden %q: a child read whole that writes no aws-auth hides nothing", c.Hidden)
	}
}

// Many calls of one local module read and parse its files once: the
// budget of the run is spent once, so all of them are read.
func TestCallsOfOneModuleReadItOnce(t *testing.T) {
	child := "variable \"name\" {}\n" + strings.Repeat("# padding\n", 100)
	var app strings.Builder
	for i := 0; i < 8; i++ {
		fmt.Fprintf(&app, "module \"c%d\" {\n  source = \"../child\"\n  name   = \"n%d\"\n}\n", i, i)
	}
	dir := tree(t, map[string]string{"app/main.tf": app.String(), "child/main.tf": child})
	saved := diskBudget
	diskBudget = modfiles.NewBudget(int64(3*len(child)), 100)
	defer func() { diskBudget = saved }()
	m := loadRoot(t, dir)
	if len(m.children) != 8 {
		t.Errorf("%d of 8 calls read within a budget of three copies of the module", len(m.children))
	}
}

// A sibling root's own children count against the bound of the run that
// reads it.
func TestSiblingChildrenCountAgainstTheRun(t *testing.T) {
	var cluster strings.Builder
	cluster.WriteString(clusterRoot)
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&cluster, "module \"c%d\" {\n  source = \"./child\"\n}\n", i)
	}
	dir := tree(t, map[string]string{
		"app/main.tf":           fmt.Sprintf(appRoot, "deployer", "data.terraform_remote_state.c.outputs.cluster_name"),
		"cluster/main.tf":       cluster.String(),
		"cluster/child/main.tf": "variable \"x\" { default = 1 }\n",
	})
	m := loadRoot(t, dir)
	if *m.calls != 10 {
		t.Errorf("the run counted %d local modules read, want the sibling's 10", *m.calls)
	}
}

// The cluster roots are read and checked against the repository once per
// model: a root that later turns into a link out of the repository does
// not change what this model already decided.
func TestClusterRootsOncePerModel(t *testing.T) {
	dir := tree(t, map[string]string{
		".git/HEAD":       "ref: refs/heads/main\n",
		"cluster/main.tf": clusterRoot,
		"app/main.tf":     "provider \"kubernetes\" {}\n",
	})
	opts := Options{ClusterRoots: []string{"../cluster"}, Getenv: func(string) string { return "" }}
	pl := place{dir: filepath.Join(dir, "app"), shown: ".", root: true}
	b := &builder{m: &Model{options: opts, calls: new(int)}}
	first := b.clusterRoots(pl)
	if len(first) != 1 {
		t.Fatalf("%d cluster roots read, want 1", len(first))
	}
	out := t.TempDir()
	if err := os.Rename(filepath.Join(dir, "cluster"), filepath.Join(dir, "moved")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(out, filepath.Join(dir, "cluster")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if again := b.clusterRoots(pl); len(again) != 1 || again[0] != first[0] {
		t.Errorf("cluster roots read again: %d", len(again))
	}
}

// Module runs, the calls of one module and the glances for aws-auth
// share one read of a directory: the budget is spent on it once, however
// many read it at once and by whichever path, so whether a module is read
// whole does not depend on who came first.
func TestLocalFilesSpendOncePerDirectory(t *testing.T) {
	dir := tree(t, map[string]string{
		"modules/auth/main.tf": "variable \"x\" { default = 1 }\n",
	})
	abs := filepath.Join(dir, "modules", "auth")
	link := filepath.Join(dir, "auth")
	if err := os.Symlink(abs, link); err != nil {
		t.Skip(err)
	}
	budget := modfiles.NewBudget(1<<20, 100)
	d := &dirFiles{budget: budget}
	var wg sync.WaitGroup
	got := make([]*modfiles.Module, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := abs
			if i%2 == 1 {
				path = link
			}
			mf, err := d.read(path, "modules/auth")
			if err != nil {
				t.Error(err)
			}
			got[i] = mf
		}()
	}
	wg.Wait()
	for _, mf := range got[1:] {
		if mf != got[0] {
			t.Fatal("the directory was read more than once")
		}
	}
	size := int64(len("variable \"x\" { default = 1 }\n"))
	if left, files := budget.Left(); left != 1<<20-size || files != 99 {
		t.Errorf("%d bytes and %d files left, want %d and 99", left, files, 1<<20-size)
	}
}

// A directory reached under two names is read under each: findings point
// at its files by the name the reader gave, so one reader's names must
// never stand for another's.
func TestLocalFilesKeepEachReadersNames(t *testing.T) {
	dir := tree(t, map[string]string{"modules/auth/main.tf": "variable \"x\" {}\n"})
	d := &dirFiles{budget: modfiles.NewBudget(1<<20, 100)}
	abs := filepath.Join(dir, "modules", "auth")
	for _, shown := range []string{"modules/auth", "../cluster/../modules/auth", "modules/auth"} {
		mf, err := d.read(abs, shown)
		if err != nil {
			t.Fatal(err)
		}
		if len(mf.Files) != 1 {
			t.Fatalf("read as %s: %d files, want 1", shown, len(mf.Files))
		}
		if got := mf.Files[0].Body.MissingItemRange().Filename; got != shown+"/main.tf" {
			t.Errorf("read as %s: file named %s", shown, got)
		}
	}
}
