package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseWantComment(t *testing.T) {
	tests := []struct {
		text    string
		want    []string // rule=pattern
		wantErr string
	}{
		{text: " an ordinary comment"},
		{text: " wanted: nothing"},
		{text: " want-none"},
		{text: "want-none because the role is granted"},
		{text: ` want eksauth_a "role"`, want: []string{"eksauth_a=role"}},
		{text: "\twant\teksauth_a\t\"x\"\n", want: []string{"eksauth_a=x"}},
		{text: ` want eksauth_a "a\"b\\d" eksauth_b` + " `c\\d+`", want: []string{`eksauth_a=a"b\d`, `eksauth_b=c\d+`}},
		{text: ` want eksauth_a "x" eksauth_a "y"`, want: []string{"eksauth_a=x", "eksauth_a=y"}},
		{text: ` want eksauth_a "has # and // inside"`, want: []string{"eksauth_a=has # and // inside"}},
		{text: " want", wantErr: "without RULE"},
		{text: " want eksauth_a", wantErr: "expected a quoted regexp after eksauth_a"},
		{text: " want eksauth_a role", wantErr: "expected a quoted regexp"},
		{text: " want eksauth_a 'x'", wantErr: "expected a quoted regexp"},
		{text: ` want eksauth_a "unterminated`, wantErr: "expected a quoted regexp"},
		{text: ` want "x"`, wantErr: "expected a rule name"},
		{text: ` want eksauth_a "("`, wantErr: "missing closing )"},
		{text: ` want eksauth_a "x" junk`, wantErr: "expected a quoted regexp after junk"},
	}
	for _, tt := range tests {
		pairs, err := parseWantComment(tt.text)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseWantComment(%q) error = %v, want one containing %q", tt.text, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseWantComment(%q): %v", tt.text, err)
			continue
		}
		var got []string
		for _, p := range pairs {
			got = append(got, p.rule+"="+p.pattern.String())
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("parseWantComment(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseJSONWants(t *testing.T) {
	src := `{
  "provider": {"kubernetes": [{
    "token": "${var.t}", "//": "want eksauth_a \"one\" eksauth_b ` + "`\\\\d`" + `"
  }]},
  "//": "a note, not a want",
  "locals": {"x": "\"//\": \"want eksauth_x \\\"in a string\\\"\""},
  "//": "want eksauth_a \"(\""
}`
	wants, errs := parseWantsFile("dir/main.tf.json", []byte(src))
	var got []string
	for _, w := range wants {
		got = append(got, w.String())
	}
	want := []string{
		`dir/main.tf.json:3: eksauth_a "one"`,
		`dir/main.tf.json:3: eksauth_b "\\d"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("wants:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "dir/main.tf.json:7: ") {
		t.Errorf("errors = %v, want one at dir/main.tf.json:7", errs)
	}
}

func TestParseWantsFile(t *testing.T) {
	src := `# want-none: a file-level note
provider "kubernetes" { # want eksauth_a "one"
  token = "# want eksauth_x \"in a string\""
  host  = <<EOT
# want eksauth_x "in a heredoc"
EOT
} // want eksauth_b "two" eksauth_c "three"
/* want eksauth_x "block comments are not wants" */
locals { x = 1 } # want eksauth_a "("
`
	wants, errs := parseWantsFile("dir/main.tf", []byte(src))
	var got []string
	for _, w := range wants {
		got = append(got, w.String())
	}
	want := []string{
		`dir/main.tf:2: eksauth_a "one"`,
		`dir/main.tf:7: eksauth_b "two"`,
		`dir/main.tf:7: eksauth_c "three"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("wants:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "dir/main.tf:9: ") {
		t.Errorf("errors = %v, want one at dir/main.tf:9", errs)
	}
}

func TestParseWants(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "main.tf", "provider \"aws\" {} # want eksauth_a \"x\"\n")
	write(t, dir, "modules/child/main.tf", "\n\nvariable \"v\" {} # want eksauth_b \"y\"\n")
	write(t, dir, "ci.tfvars", "role = \"r\" # want eksauth_c \"z\"\n")
	write(t, dir, "README.md", "# want eksauth_d \"not terraform\"\n")
	write(t, dir, "scenario.hcl", "# want eksauth_e \"not a fixture file\"\n")

	wants, err := ParseWants(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range wants {
		got = append(got, w.String())
	}
	want := []string{
		`ci.tfvars:1: eksauth_c "z"`,
		`main.tf:1: eksauth_a "x"`,
		`modules/child/main.tf:3: eksauth_b "y"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("wants:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	write(t, dir, "bad.tf", "# want\n\n# want eksauth_a x\n")
	_, err = ParseWants(dir)
	if err == nil || !strings.Contains(err.Error(), "bad.tf:1:") || !strings.Contains(err.Error(), "bad.tf:3:") {
		t.Errorf("ParseWants with two malformed wants: error = %v, want both reported", err)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
