//go:build unix

package modfiles

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func write(t *testing.T, p, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

// Each hostile entry is skipped with a note; the reader neither blocks
// (a FIFO), nor reads forever (/dev/zero), nor leaves the module's root.
func TestDirOnDisk(t *testing.T) {
	top := t.TempDir()
	mod := filepath.Join(top, "mod")
	write(t, filepath.Join(mod, "main.tf"), `variable "a" { default = "main" }`)
	write(t, filepath.Join(mod, "shared", "providers.src"), `variable "shared" {}`)
	write(t, filepath.Join(top, "outside.tf"), `variable "outside" {}`)
	symlink(t, "shared/providers.src", filepath.Join(mod, "providers.tf"))
	symlink(t, "/dev/zero", filepath.Join(mod, "zero.tf"))
	symlink(t, "../outside.tf", filepath.Join(mod, "escape.tf"))
	symlink(t, filepath.Join(top, "outside.tf"), filepath.Join(mod, "absolute.tf"))
	symlink(t, "missing.tf", filepath.Join(mod, "dangling.tf"))
	symlink(t, "/dev/zero", filepath.Join(mod, "zero.auto.tfvars"))
	if err := syscall.Mkfifo(filepath.Join(mod, "fifo.tf"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Dir(mod, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(names(m.Files), " "), "main.tf providers.tf"; got != want {
		t.Errorf("read %s, want %s (the symlink inside the root is followed)", got, want)
	}
	got := skipped(m)
	for _, want := range []string{
		"absolute.tf is a symbolic link that was not followed (path escapes from parent)",
		"dangling.tf is a symbolic link that was not followed (no such file or directory)",
		"escape.tf is a symbolic link that was not followed (path escapes from parent)",
		"fifo.tf was skipped: it is not a regular file",
		"zero.auto.tfvars is a symbolic link that was not followed (path escapes from parent)",
		"zero.tf is a symbolic link that was not followed (path escapes from parent)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("skipped:\n%s\nwant a line %q", got, want)
		}
	}
	if len(m.Skipped) != 6 {
		t.Errorf("skipped %d files, want 6:\n%s", len(m.Skipped), got)
	}
}

// The type is checked again on the open file, so an entry that lies
// about its type (a file swapped for a device after listing) is not read.
func TestOpenFileIsCheckedToo(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	root, err := os.OpenRoot("/dev")
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if _, why := readFile(root.FS(), "zero", regularEntry("zero"), 1<<10); why != "was skipped: it is not a regular file" {
		t.Errorf("/dev/zero passed as a regular entry: %q", why)
	}
}

type regularEntry string

func (e regularEntry) Name() string               { return string(e) }
func (e regularEntry) IsDir() bool                { return false }
func (e regularEntry) Type() os.FileMode          { return 0 }
func (e regularEntry) Info() (os.FileInfo, error) { return nil, os.ErrInvalid }
