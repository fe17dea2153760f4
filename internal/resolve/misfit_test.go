package resolve

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// Misfit names the source Terraform uses for a variable, and only when its
// value does not fit: a correct tfvars value under a wrong --var-file must
// not be blamed.
func TestOriginsMisfit(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"terraform.tfvars": "role_arn = \"arn:aws:iam::111122223333:role/a\"\nadmins = [\"x\"]\ndeploy = \"ok\"\n",
		"b.auto.tfvars":    "# override\n\nadmins = \"x\"\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	env := map[string]string{
		"TF_VAR_viewers": `{ a = "x" }`,
		"TF_VAR_readers": `["x"]`,
		"TF_VAR_broken":  `arn:aws`,
	}
	o := &Origins{Dir: dir, Getenv: func(k string) string { return env[k] }}
	for _, tc := range []struct {
		name string
		ty   cty.Type
		want string
	}{
		{"admins", cty.List(cty.String), "b.auto.tfvars:3"},
		{"role_arn", cty.String, "--var or --var-file"},
		{"role_arn", cty.List(cty.String), "terraform.tfvars:1"},
		{"deploy", cty.DynamicPseudoType, "terraform.tfvars:3"},
		{"viewers", cty.List(cty.String), "TF_VAR_viewers"},
		{"readers", cty.List(cty.String), "--var or --var-file"},
		{"broken", cty.List(cty.String), "TF_VAR_broken"},
		{"unset", cty.String, "--var or --var-file"},
	} {
		if got := o.Misfit(tc.name, tc.ty); got != tc.want {
			t.Errorf("Misfit(%s, %s) = %q, want %q", tc.name, tc.ty.FriendlyName(), got, tc.want)
		}
	}
	called := &Origins{Dir: dir, Called: true}
	if got := called.Misfit("admins", cty.List(cty.String)); got != "the module call" {
		t.Errorf("called module: Misfit = %q, want the module call", got)
	}
	var none *Origins
	if got := none.Misfit("admins", cty.String); got != "" {
		t.Errorf("nil Origins: Misfit = %q, want empty", got)
	}
}
