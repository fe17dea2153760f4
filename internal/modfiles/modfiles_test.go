package modfiles

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
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
