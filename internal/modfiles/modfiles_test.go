package modfiles

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"
)

func names(files []*hcl.File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Body.MissingItemRange().Filename)
	}
	return out
}

func skipped(m *Module) string {
	var out []string
	for _, s := range m.Skipped {
		out = append(out, s.String())
	}
	return strings.Join(out, "\n")
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

// The files tflint reads, and only those, from an in-memory tree the way
// an extracted archive would be read.
func TestReadChoosesTflintsFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"stack/main.tf":                      file(`variable "a" {}`),
		"stack/b.tf.json":                    file(`{"variable": {"b": {}}}`),
		"stack/x_override.tf":                file(`variable "o" {}`),
		"stack/override.tf":                  file(`variable "o" {}`),
		"stack/terraform.tfvars":             file(`a = "tfvars"`),
		"stack/terraform.tfvars.json":        file(`{"a": "ignored"}`),
		"stack/z.auto.tfvars":                file(`a = "z"`),
		"stack/m.auto.tfvars.json":           file(`{"a": "m", "b": "m"}`),
		"stack/README.md":                    file(`not a module file`),
		"stack/sub/nested.tf":                file(`variable "n" {}`),
		"stack/sub.tf/keep-out.tf":           file(`variable "d" {}`),
		"other/main.tf":                      file(`variable "other" {}`),
		"stack/prod.tfvars":                  file(`a = "only with -var-file"`),
		"stack/.terraform/modules/x/main.tf": file(`variable "cached" {}`),
	}
	fsys["stack/sub.tf"] = &fstest.MapFile{Mode: os.ModeDir}
	m, err := Read(fsys, "stack", Options{Prefix: "HEAD:stack/"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(names(m.Files), " "), "HEAD:stack/b.tf.json HEAD:stack/main.tf"; got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	if got, want := strings.Join(names(m.ValueFiles), " "), "HEAD:stack/terraform.tfvars HEAD:stack/m.auto.tfvars.json HEAD:stack/z.auto.tfvars"; got != want {
		t.Errorf("values files = %s, want %s (lowest precedence first)", got, want)
	}
	if got, want := skipped(m), "HEAD:stack/sub.tf was skipped: it is not a regular file"; got != want {
		t.Errorf("skipped = %q, want %q", got, want)
	}
	vars := m.Vars(func(string) string { return "" })
	if a := vars["a"]; a.Val != cty.StringVal("z") || a.Origin != "z.auto.tfvars" {
		t.Errorf("a = %#v, want z from z.auto.tfvars", a)
	}
	if b := vars["b"]; b.Val != cty.StringVal("m") || b.Origin != "m.auto.tfvars.json" {
		t.Errorf("b = %#v, want m from m.auto.tfvars.json", b)
	}
}

func TestVarsPrecedenceAndSensitivity(t *testing.T) {
	fsys := fstest.MapFS{
		"main.tf": file(`
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "t" { default = "default" }
variable "s" {
  default   = "secret"
  sensitive = true
}
variable "none" {}
`),
		"terraform.tfvars": file(`t = "tfvars"`),
	}
	m, err := Read(fsys, ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TF_VAR_e": "env", "TF_VAR_t": "env"}
	vars := m.Vars(func(k string) string { return env[k] })
	for name, want := range map[string]Value{
		"d": {cty.StringVal("default"), "default"},
		"e": {cty.StringVal("env"), "TF_VAR_e"},
		"t": {cty.StringVal("tfvars"), "terraform.tfvars"},
	} {
		if got := vars[name]; !got.Val.RawEquals(want.Val) || got.Origin != want.Origin {
			t.Errorf("%s = %#v, want %#v", name, got, want)
		}
	}
	if s := vars["s"]; !s.Val.HasMark(marks.Sensitive) {
		t.Errorf("sensitive variable s is not marked: %#v", s.Val)
	}
	if v := vars.Var("none", nil); v.IsKnown() {
		t.Errorf("a variable nothing sets = %#v, want unknown", v)
	}
	if got := names(m.Files); got[0] != "main.tf" {
		t.Errorf("without a prefix files are named by their path in the file system: %v", got)
	}
}

func TestLimits(t *testing.T) {
	fsys := fstest.MapFS{
		"a.tf":             file(strings.Repeat("#\n", 50)), // 100 bytes
		"b.tf":             file(strings.Repeat("#\n", 50)),
		"c.tf":             file(strings.Repeat("#\n", 100)), // 200 bytes
		"d.tf":             file("#\n"),
		"e.tf":             file("#\n"),
		"terraform.tfvars": file("#\n"),
	}
	cases := []struct {
		lim  Limits
		read string
		skip string
	}{
		{Limits{FileBytes: 150, TotalBytes: 1000, Files: 100, Entries: 100}, "a.tf b.tf d.tf e.tf",
			"c.tf is larger than 150 bytes and was not read"},
		{Limits{FileBytes: 1000, TotalBytes: 250, Files: 100, Entries: 100}, "a.tf b.tf d.tf e.tf",
			"c.tf was not read: the module's files are larger than 250 bytes together"},
		{Limits{FileBytes: 1000, TotalBytes: 1000, Files: 2, Entries: 100}, "a.tf b.tf",
			"c.tf was not read: the module has more than 2 files\nd.tf was not read: the module has more than 2 files\ne.tf was not read: the module has more than 2 files\nterraform.tfvars was not read: the module has more than 2 files"},
		{Limits{FileBytes: 1000, TotalBytes: 1000, Files: 100, Entries: 3}, "",
			". has more than 3 entries; only the first were looked at"},
	}
	for _, c := range cases {
		m, err := Read(fsys, ".", Options{Limits: c.lim})
		if err != nil {
			t.Fatal(err)
		}
		if got := skipped(m); got != c.skip {
			t.Errorf("%+v: skipped\n%s\nwant\n%s", c.lim, got, c.skip)
		}
		if c.read != "" {
			if got := strings.Join(names(m.Files), " "); got != c.read {
				t.Errorf("%+v: read %s, want %s", c.lim, got, c.read)
			}
		} else if len(m.Files) > 3 {
			t.Errorf("%+v: read %d files past the entry limit", c.lim, len(m.Files))
		}
	}
}

func TestParseErrorsAreReported(t *testing.T) {
	m, err := Read(fstest.MapFS{"main.tf": file(`variable "a" {`), "ok.tf": file(`variable "b" {}`)}, ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Diags.HasErrors() || !strings.Contains(m.Diags.Error(), "main.tf") {
		t.Errorf("diags = %v, want main.tf's parse error", m.Diags)
	}
	if len(m.Files) != 2 {
		t.Errorf("read %d files, want both (what parses is kept)", len(m.Files))
	}
}

func TestMissingDirectory(t *testing.T) {
	if _, err := Read(fstest.MapFS{"a/main.tf": file("")}, "b", Options{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
	if _, err := Dir(filepath.Join(t.TempDir(), "nope"), Options{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Dir: err = %v, want ErrNotFound", err)
	}
}

func TestOnlyOneKind(t *testing.T) {
	fsys := fstest.MapFS{"main.tf": file(`variable "a" {}`), "terraform.tfvars": file(`a = 1`), "broken.tf": file(`{`)}
	m, err := Read(fsys, ".", Options{Only: Values})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 0 || len(m.ValueFiles) != 1 || m.Diags.HasErrors() {
		t.Errorf("files %v, values %v, diags %v; want only terraform.tfvars, unparsed configuration", names(m.Files), names(m.ValueFiles), m.Diags)
	}
}

// A budget shared by several reads bounds them together: once it is
// spent, a further module's files are left out with a note, and what a
// read reserved but did not use goes back.
func TestBudgetIsSharedAcrossReads(t *testing.T) {
	file := strings.Repeat("# x\n", 25) // 100 bytes
	fsys := fstest.MapFS{
		"a/main.tf": {Data: []byte(file)},
		"b/main.tf": {Data: []byte(file)},
		"c/main.tf": {Data: []byte(file)},
		"c/more.tf": {Data: []byte(file)},
	}
	b := NewBudget(250, 10)
	for _, dir := range []string{"a", "b"} {
		m, err := Read(fsys, dir, Options{Budget: b})
		if err != nil || len(m.Skipped) > 0 || len(m.Files) != 1 {
			t.Fatalf("%s: err %v, skipped %q, %d files", dir, err, skipped(m), len(m.Files))
		}
	}
	m, err := Read(fsys, "c", Options{Budget: b})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 0 || len(m.Skipped) != 2 || !strings.Contains(m.Skipped[0].Reason, "reads at most 250 bytes in 10 files") {
		t.Errorf("c read past the budget: %d files, skipped %q", len(m.Files), skipped(m))
	}
	// The 50 bytes reserved for c's first file went back unread.
	if m, _ := Read(fstest.MapFS{"d/x.tf": {Data: []byte("# 12345678\n")}}, "d", Options{Budget: b}); len(m.Files) != 1 {
		t.Errorf("what an unread file reserved was not given back: skipped %q", skipped(m))
	}
}

// The file count is shared too.
func TestBudgetCountsFiles(t *testing.T) {
	fsys := fstest.MapFS{"a/1.tf": {}, "a/2.tf": {}, "a/3.tf": {}}
	m, err := Read(fsys, "a", Options{Budget: NewBudget(1<<20, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 2 || len(m.Skipped) != 1 {
		t.Errorf("%d files read and %d skipped, want 2 and 1", len(m.Files), len(m.Skipped))
	}
}

// Reads running at once never spend more than the budget.
func TestBudgetConcurrentReads(t *testing.T) {
	fsys := fstest.MapFS{"a/main.tf": {Data: []byte(strings.Repeat("#\n", 50))}}
	b := NewBudget(1000, 1000)
	var wg sync.WaitGroup
	read := make(chan int, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, _ := Read(fsys, "a", Options{Budget: b})
			read <- len(m.Files)
		}()
	}
	wg.Wait()
	close(read)
	n := 0
	for x := range read {
		n += x
	}
	if n != 10 {
		t.Errorf("%d reads of 100 bytes within a budget of 1000, want 10", n)
	}
}

// openHook calls hook before each open of a file, to look at a budget
// while a read holds its reservation.
type openHook struct {
	fstest.MapFS
	hook func(name string)
}

func (h openHook) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".tf") {
		h.hook(name)
	}
	return h.MapFS.Open(name)
}

// A read reserves what its file holds, not the most a file may hold:
// reads running at once would otherwise find the budget spent by a
// reservation given back a moment later, and which modules were read
// whole would depend on their timing.
func TestBudgetReservesFileSize(t *testing.T) {
	b := NewBudget(1000, 10)
	held := int64(-1)
	fsys := openHook{MapFS: fstest.MapFS{"a/main.tf": file(strings.Repeat("#\n", 50))}, hook: func(string) {
		held, _ = b.Left()
	}}
	m, err := Read(fsys, "a", Options{Budget: b})
	if err != nil || len(m.Files) != 1 {
		t.Fatalf("err %v, %d files, skipped %q", err, len(m.Files), skipped(m))
	}
	if held != 900 {
		t.Errorf("while the 100-byte file was read, %d bytes of 1000 were left, want 900", held)
	}
	if left, files := b.Left(); left != 900 || files != 9 {
		t.Errorf("after the read, %d bytes and %d files left, want 900 and 9", left, files)
	}
}
