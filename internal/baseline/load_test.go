package baseline_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/baseline"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
)

func fileNames(files []*hcl.File) string {
	var out []string
	for _, f := range files {
		out = append(out, f.Body.MissingItemRange().Filename)
	}
	return strings.Join(out, " ")
}

// Symbolic links are followed inside the repository, as a checkout would,
// and reported when they lead out of it; sizes are bounded.
func TestLoadReadsLikeACheckout(t *testing.T) {
	r := newRepo(t)
	r.commit("base", map[string]string{
		"shared/providers.tf":    `variable "shared" { default = "from shared" }`,
		"stack/main.tf":          `variable "a" { default = "main" }`,
		"stack/big.tf":           strings.Repeat("# padding\n", 200),
		"stack/terraform.tfvars": `a = "tfvars"`,
	})
	for target, link := range map[string]string{"../shared/providers.tf": "stack/providers.tf", "/etc/hostname": "stack/escape.tf"} {
		if err := os.Symlink(target, filepath.Join(r.dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	r.commit("links", nil)
	snap, err := baseline.Load(filepath.Join(r.dir, "stack"), "HEAD", baseline.Options{
		Getenv: func(string) string { return "" },
		Limits: modfiles.Limits{FileBytes: 1000, TotalBytes: 10000, Files: 10, Entries: 100},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fileNames(snap.Files), "HEAD:stack/main.tf HEAD:stack/providers.tf"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	var skipped []string
	for _, s := range snap.Skipped {
		skipped = append(skipped, s.String())
	}
	if got, want := strings.Join(skipped, "\n"), "HEAD:stack/big.tf is larger than 1000 bytes and was not read\nHEAD:stack/escape.tf is a symbolic link that was not followed (path escapes from the repository)"; got != want {
		t.Errorf("skipped:\n%s\nwant\n%s", got, want)
	}
	if v := snap.Vars["a"]; v.Origin != "terraform.tfvars" || v.Val.AsString() != "tfvars" {
		t.Errorf("a = %#v, want tfvars from terraform.tfvars", v)
	}
	if v := snap.Vars["shared"]; v.Origin != "default" {
		t.Errorf("shared = %#v, want its default, read through the symlink", v)
	}
}

// wrapGit puts a git on PATH that runs script (sh) before the real git,
// with $log naming a file to append to.
func wrapGit(t *testing.T, script string) (log string) {
	t.Helper()
	real, err := exec.LookPath("git")
	if err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	log = filepath.Join(dir, "log")
	src := "#!/bin/sh\nlog=" + strconv.Quote(log) + "\n" + script + "\nexec " + strconv.Quote(real) + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(dir, "git"), []byte(src), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return log
}

// All files come through one cat-file process, and no git command may
// fetch missing objects of a partial clone.
func TestOneCatFileNoLazyFetch(t *testing.T) {
	r := newRepo(t)
	files := map[string]string{}
	for i := range 5 {
		files["f"+strconv.Itoa(i)+".tf"] = `variable "v` + strconv.Itoa(i) + `" {}`
	}
	r.commit("base", files)
	log := wrapGit(t, `echo "$GIT_NO_LAZY_FETCH $*" >> "$log"`)
	snap, err := baseline.Load(r.dir, "HEAD", baseline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Files) != 5 {
		t.Fatalf("read %d files, want 5", len(snap.Files))
	}
	out, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	calls := strings.Split(strings.TrimSpace(string(out)), "\n")
	catFiles := 0
	for _, c := range calls {
		if !strings.HasPrefix(c, "1 ") {
			t.Errorf("git ran without GIT_NO_LAZY_FETCH=1: %s", c)
		}
		if strings.Contains(c, " cat-file ") {
			catFiles++
		}
		if strings.Contains(c, " show ") {
			t.Errorf("a file was read on its own: %s", c)
		}
	}
	if catFiles != 1 {
		t.Errorf("%d cat-file processes, want 1:\n%s", catFiles, out)
	}
}

// At the deadline git and whatever it started are killed, and the load
// says why it failed.
func TestDeadlineKillsTheProcessGroup(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc to see processes in")
	}
	r := newRepo(t)
	r.commit("base", map[string]string{"main.tf": `variable "a" {}`})
	pidFile := filepath.Join(t.TempDir(), "pid")
	wrapGit(t, `case "$*" in *cat-file*) sleep 600 & echo $! > `+strconv.Quote(pidFile)+`; wait ;; esac`)
	_, err := baseline.Load(r.dir, "HEAD", baseline.Options{Timeout: 500 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "git did not finish reading HEAD within 500ms") {
		t.Fatalf("err = %v, want the deadline", err)
	}
	src, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	pid := strings.TrimSpace(string(src))
	// The kill is sent before Load returns; the kernel may take a moment
	// to finish the process.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		stat, err := os.ReadFile("/proc/" + pid + "/stat")
		if err != nil || strings.Contains(string(stat), ") Z ") {
			return // gone, or a zombie waiting for its reaper
		}
		if time.Now().After(deadline) {
			t.Fatalf("git's child %s still runs after the deadline: %s", pid, stat)
		}
	}
}

// A process that leaves git's process group cannot hold the load past
// the deadline either: the load stops reading from it.
func TestDeadlineWithAnEscapedChild(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("no setsid")
	}
	r := newRepo(t)
	r.commit("base", map[string]string{"main.tf": `variable "a" {}`})
	pidFile := filepath.Join(t.TempDir(), "pid")
	wrapGit(t, `case "$*" in *cat-file*) setsid sleep 600 & echo $! > `+strconv.Quote(pidFile)+`; wait ;; esac`)
	t.Cleanup(func() {
		if src, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(src))); err == nil {
				if p, err := os.FindProcess(pid); err == nil {
					_ = p.Kill()
				}
			}
		}
	})
	_, err := baseline.Load(r.dir, "HEAD", baseline.Options{Timeout: 500 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "within 500ms") {
		t.Fatalf("err = %v, want the deadline", err)
	}
}
