package pipeline

import (
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
)

// sharedConfig is the one configuration of a tree of modules: eksauth only.
const sharedConfig = `plugin "terraform" {
  enabled = false
}

plugin "eksauth" {
  enabled = true
}
`

// cleanModule is a module with no Kubernetes provider: nothing to find.
const cleanModule = `terraform {
  required_version = ">= 1.5"
}

variable "cidr" {
  type    = string
  default = "10.0.0.0/16"
}

output "cidr" {
  value = var.cidr
}
`

// TestRecursive lints a tree of three modules (the story twice, one clean
// module) with tflint --recursive and one shared config given by absolute
// path, as docs/ci.md and the example workflow do: exactly the two story
// findings, named by their path from where tflint started. A relative
// --config fails instead, because --recursive resolves it in each module's
// directory: that is why the documentation insists on an absolute path.
func TestRecursive(t *testing.T) {
	root := repoRoot(t)
	tree := t.TempDir()
	for _, m := range []string{"stacks/platform", "stacks/staging"} {
		copyModule(t, filepath.Join(root, "examples", "before"), filepath.Join(tree, filepath.FromSlash(m)))
	}
	writeFile(t, filepath.Join(tree, "stacks", "network", "main.tf"), cleanModule)
	config := filepath.Join(tree, "config", "tflint.hcl")
	writeFile(t, config, sharedConfig)

	res := e2e.Run(t, tree, e2e.Options{Args: []string{"--recursive", "--config=" + config}})
	if res.ExitCode != 2 || len(res.Errors) > 0 {
		t.Fatalf("want exit 2 with issues and no errors\n%s", res.Report())
	}
	line := lineOf(t, filepath.Join(root, "examples", "before", "main.tf"), "role_arn = var.role_arn")
	var got []string
	for _, is := range res.Issues {
		got = append(got, is.Rule.Name+" "+is.Range.Filename+":"+strconv.Itoa(is.Range.Start.Line))
	}
	slices.Sort(got)
	want := []string{
		storyRule + " stacks/platform/main.tf:" + strconv.Itoa(line),
		storyRule + " stacks/staging/main.tf:" + strconv.Itoa(line),
	}
	if !slices.Equal(got, want) {
		t.Errorf("tflint --recursive --config=%s found\n\t%s\nwant\n\t%s\n%s", config,
			strings.Join(got, "\n\t"), strings.Join(want, "\n\t"), res.Report())
	}

	// The same config by a relative path: every module fails to load it.
	writeFile(t, filepath.Join(tree, ".tflint.hcl"), sharedConfig)
	rel := e2e.Run(t, tree, e2e.Options{Args: []string{"--recursive", "--config=.tflint.hcl"}})
	if rel.ExitCode != 1 || len(rel.Issues) != 0 {
		t.Fatalf("a relative --config with --recursive: want exit 1 and no issues (tflint v0.64.0 resolves it per module)\n%s", rel.Report())
	}
	for _, m := range []string{"stacks/platform", "stacks/staging", "stacks/network"} {
		if !slices.ContainsFunc(rel.Errors, func(e e2e.Error) bool {
			return strings.Contains(e.Text(), "Failed to run in "+m) && strings.Contains(e.Text(), "failed to load file")
		}) {
			t.Errorf("a relative --config with --recursive: no config error for %s\n%s", m, rel.Report())
		}
	}
}
