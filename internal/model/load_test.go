package model

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"
)

// staticVars is resolve.Vars for unit tests: defaults and given values.
type staticVars map[string]cty.Value

func (s staticVars) Var(name string, _ hcl.Traversal) cty.Value {
	if v, ok := s[name]; ok {
		return v
	}
	return cty.DynamicVal
}

// load parses .tf sources the way tflint hands them to the plugin (one
// schema, no expansion) and builds the model. Variable defaults are used
// as values, as tflint would without tfvars.
func load(t testing.TB, opts Options, files map[string]string) *Model {
	t.Helper()
	content := &hclext.BodyContent{Attributes: hclext.Attributes{}}
	for name, src := range files {
		f, diags := hclsyntax.ParseConfig([]byte(src), name, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", name, diags)
		}
		c, diags := hclext.PartialContent(f.Body, schema)
		if diags.HasErrors() {
			t.Fatalf("%s: %s", name, diags)
		}
		content.Blocks = append(content.Blocks, c.Blocks...)
	}
	vars := staticVars{}
	for _, b := range content.Blocks {
		if b.Type == "variable" {
			if e := blockAttr(b, "default"); e != nil {
				v, _ := e.Value(nil)
				vars[b.Labels[0]] = v
			}
		}
	}
	return FromContent(content, vars, opts)
}

// summary renders each path's verdict on one line, for comparisons.
func summary(m *Model) string {
	var b strings.Builder
	for _, p := range m.Paths {
		v := m.Verdict(p)
		cluster := "-"
		if p.Cluster != nil {
			cluster = p.Cluster.Addr
		}
		access := map[Access]string{CannotTell: "cannot tell", Granted: "granted", Denied: "denied"}[v.Access]
		b.WriteString(p.Provider.Name() + " @" + p.Context.Name + " -> " + cluster + " as " + p.Identity.ARN.Display() + ": " + access)
		if v.Why != "" {
			b.WriteString(" (" + v.Why + ")")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// grantLines renders a cluster's grants one a line, with what rules read
// from them, for comparisons.
func grantLines(c *Cluster) string {
	var b strings.Builder
	for _, g := range c.Grants {
		b.WriteString(g.Kind.String() + " " + g.Principal.Display())
		if !g.Applied {
			b.WriteString(" not applied: " + g.NotApplied)
		}
		if g.Maybe {
			b.WriteString(" maybe")
		}
		if g.Node {
			b.WriteString(" node")
		}
		if g.Kind == AccessEntry {
			if g.PoliciesKnown {
				fmt.Fprintf(&b, " policies=%d", g.Policies)
			} else {
				b.WriteString(" policies=unknown")
			}
		}
		if g.ListIgnored {
			b.WriteString(" ignored")
		}
		for _, p := range g.Problems {
			b.WriteString(" [" + p + "]")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// mustCluster returns the cluster at addr or stops the test.
func mustCluster(t testing.TB, m *Model, addr string) *Cluster {
	t.Helper()
	c := m.Cluster(addr)
	if c == nil {
		var have []string
		for _, c := range m.Clusters {
			have = append(have, c.Addr)
		}
		t.Fatalf("no cluster %s; have %v", addr, have)
	}
	return c
}
