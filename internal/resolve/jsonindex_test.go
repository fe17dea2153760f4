package resolve

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// filesRunner is a runner that only serves files, counting the requests.
type filesRunner struct {
	tflint.Runner
	files map[string]*hcl.File
	calls int
}

func (r *filesRunner) GetFiles() (map[string]*hcl.File, error) {
	r.calls++
	return r.files, nil
}

// One module run asks tflint for its files once, however many contexts
// look up however many JSON variables, and finds each "${var.NAME}" at
// its line.
func TestJSONIndexReadsFilesOnce(t *testing.T) {
	src := "{\n  \"provider\": {\n    \"aws\": {\n      \"region\": \"${var.region}\"\n    }\n  }\n}\n"
	f, diags := hcljson.Parse([]byte(src), "main.tf.json")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	runner := &filesRunner{files: map[string]*hcl.File{"main.tf.json": f, "vars.tf": {Bytes: []byte(`"${var.region}"`)}}}
	x := NewJSONIndex(runner)
	for i := 0; i < 3; i++ {
		for _, v := range []RunnerVars{{Runner: runner, JSON: x}, {Runner: runner, JSON: x}} {
			e := v.jsonVar("region")
			if e == nil {
				t.Fatal("var.region not found")
			}
			if got := e.Range(); got.Filename != "main.tf.json" || got.Start.Line != 4 {
				t.Errorf("found at %s, want main.tf.json line 4", got)
			}
			if v.jsonVar("missing") != nil {
				t.Error("found a variable that is not written")
			}
		}
	}
	if runner.calls != 1 {
		t.Errorf("GetFiles called %d times, want once", runner.calls)
	}
}
