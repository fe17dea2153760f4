//go:build unix

package resolve

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// Origins reads the values files tflint reads, through the one module
// reader: a values file that is a symlink to /dev/zero is skipped rather
// than read forever, and terraform.tfvars.json, which tflint does not
// read, is never named as a value's origin.
func TestOriginsReadsValuesFilesSafely(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"terraform.tfvars":      `role_arn = "arn:aws:iam::111122223333:role/a"`,
		"terraform.tfvars.json": `{"region": "eu-west-1"}`,
		"b.auto.tfvars":         `region = "us-east-1"`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "z.auto.tfvars")); err != nil {
		t.Fatal(err)
	}
	o := &Origins{Dir: dir, Getenv: func(string) string { return "" }}
	if got := o.Of("role_arn", cty.StringVal("arn:aws:iam::111122223333:role/a")); got != "terraform.tfvars" {
		t.Errorf("role_arn from %q, want terraform.tfvars", got)
	}
	if got := o.Of("region", cty.StringVal("us-east-1")); got != "b.auto.tfvars" {
		t.Errorf("region from %q, want b.auto.tfvars", got)
	}
	if got := o.Of("region", cty.StringVal("eu-west-1")); got != "--var or --var-file" {
		t.Errorf("region eu-west-1 from %q, want the command line (tflint ignores terraform.tfvars.json)", got)
	}
}
