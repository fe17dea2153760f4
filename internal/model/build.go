package model

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// For returns the model of the module runner is linting: the one the
// eksauth runner built for this module run, or a new one for any other
// runner (a test runner).
func For(runner tflint.Runner) (*Model, error) {
	if r, ok := runner.(interface{ EKSAuthModel() (*Model, error) }); ok {
		return r.EKSAuthModel()
	}
	return Build(runner, Options{})
}

// Build reads the module through runner and builds its model. A bug in
// the model must not take tflint down with a plugin crash: it becomes an
// error that names the module, and the other plugins' results survive.
func Build(runner tflint.Runner, opts Options) (m *Model, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("eksauth: internal error while reading this module (please report it): %v", r)
		}
	}()
	content, err := runner.GetModuleContent(schema, &tflint.GetModuleContentOption{ExpandMode: tflint.ExpandModeNone})
	if err != nil {
		return nil, err
	}
	if opts.Workspaces != nil {
		// Workspaces belong to the root module's configuration.
		if path, err := runner.GetModulePath(); err != nil || !path.IsRoot() {
			opts.Workspaces = nil
		}
	}
	m = FromContent(content, resolve.RunnerVars{Runner: runner}, opts)
	if len(m.Paths) > 0 {
		if path, err := runner.GetModulePath(); err == nil {
			// File names are relative to where tflint was started, which
			// --chdir makes differ from the plugin's working directory.
			dir := moduleDir(content)
			if wd, err := runner.GetOriginalwd(); err == nil && !filepath.IsAbs(dir) {
				dir = filepath.Join(wd, dir)
			}
			m.origins = &resolve.Origins{Dir: dir, Defaults: variableDefaults(content), Called: !path.IsRoot()}
		}
	}
	return m, nil
}

// moduleDir is the directory of the module's files, relative to where
// tflint runs.
func moduleDir(content *hclext.BodyContent) string {
	for _, b := range content.Blocks {
		if b.DefRange.Filename != "" {
			return filepath.Dir(b.DefRange.Filename)
		}
	}
	return "."
}

func variableDefaults(content *hclext.BodyContent) map[string]hcl.Expression {
	out := map[string]hcl.Expression{}
	for _, b := range content.Blocks {
		if b.Type == "variable" && len(b.Labels) == 1 {
			if e := blockAttr(b, "default"); e != nil {
				out[b.Labels[0]] = e
			}
		}
	}
	return out
}

// module indexes the blocks of one module by what the model looks up.
type module struct {
	providers []*hclext.Block
	data      map[string]*hclext.Block // "data.TYPE.NAME", "ephemeral.TYPE.NAME"
	resources []*hclext.Block
	modules   []*hclext.Block
	locals    map[string]hcl.Expression
	required  map[string]string // provider local name -> source
}

// FromContent builds the model from module content; vars supplies
// variable values. It is the seam unit tests use instead of tflint.
func FromContent(content *hclext.BodyContent, vars resolve.Vars, opts Options) *Model {
	mod := index(content)
	m := &Model{aws: map[string]*AWSProvider{}, options: opts}
	kube := m.readProviders(mod)
	base := resolve.New(vars, mod.locals)
	m.Contexts = contexts(opts, base)
	if len(kube) == 0 && !mod.mayGrant() {
		// Nothing here authenticates to or grants access to a cluster.
		return m
	}
	local := m.Contexts[0]
	m.Providers = kube
	m.backend = readBackend(content)
	if opts.Workspaces != nil && len(kube) > 0 {
		m.backend.Static = m.staticWorkspaces(mod, base)
		for _, w := range opts.Workspaces(m.backend) {
			m.Contexts = append(m.Contexts, m.workspaceContexts(w, base, opts)...)
		}
	}
	b := &builder{m: m, mod: mod, r: local.resolver}
	b.readClusters()
	b.readGrants()
	for _, c := range m.Clusters {
		sort.SliceStable(c.Grants, func(i, j int) bool { return rangeLess(c.Grants[i].Range, c.Grants[j].Range) })
	}
	for _, p := range m.Providers {
		for _, ctx := range m.Contexts {
			m.Paths = append(m.Paths, b.path(p, ctx))
		}
	}
	return m
}

func rangeLess(a, b hcl.Range) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	return a.Start.Byte < b.Start.Byte
}

func index(content *hclext.BodyContent) *module {
	mod := &module{data: map[string]*hclext.Block{}, locals: map[string]hcl.Expression{}, required: map[string]string{}}
	for _, b := range content.Blocks {
		switch b.Type {
		case "provider":
			mod.providers = append(mod.providers, b)
		case "data", "ephemeral":
			if len(b.Labels) == 2 {
				mod.data[b.Type+"."+b.Labels[0]+"."+b.Labels[1]] = b
			}
		case "resource":
			mod.resources = append(mod.resources, b)
		case "module":
			mod.modules = append(mod.modules, b)
		case "locals":
			for name, a := range b.Body.Attributes {
				mod.locals[name] = a.Expr
			}
		case "terraform":
			for _, rp := range b.Body.Blocks {
				if rp.Type != "required_providers" {
					continue
				}
				for name, a := range rp.Body.Attributes {
					mod.required[name] = providerSource(a.Expr)
				}
			}
		}
	}
	return mod
}

// providerSource reads source from a required_providers entry.
func providerSource(expr hcl.Expression) string {
	pairs, diags := hcl.ExprMap(expr)
	if diags.HasErrors() {
		return ""
	}
	for _, p := range pairs {
		if hcl.ExprAsKeyword(p.Key) != "source" && literalString(p.Key) != "source" {
			continue
		}
		return strings.ToLower(literalString(p.Value))
	}
	return ""
}

// literalString returns the value of a literal string expression, or "".
func literalString(expr hcl.Expression) string {
	if expr == nil {
		return ""
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// mayGrant reports whether the module has anything that grants EKS access
// or defines a cluster, so a module without Kubernetes providers still
// needs a model for the grant-only rules.
func (mod *module) mayGrant() bool {
	for _, b := range mod.resources {
		switch b.Labels[0] {
		case "aws_eks_cluster", "aws_eks_access_entry", "aws_eks_access_policy_association",
			"kubernetes_config_map", "kubernetes_config_map_v1", "kubernetes_config_map_v1_data":
			return true
		}
	}
	for _, b := range mod.modules {
		if k, _ := moduleKind(b); k != notEKS {
			return true
		}
	}
	return false
}

// contexts lists where Terraform runs: first the local run, whose ambient
// identity nobody knows, then one context per declared execution role.
func contexts(opts Options, base *resolve.Resolver) []*Context {
	cs := []*Context{{Name: "local run", Local: true, resolver: base}}
	for _, p := range opts.ExecutionRoles {
		cs = append(cs, &Context{
			Name:     "execution role " + p.String(),
			ambient:  map[string]Ambient{"": {ARN: resolve.String{Kind: resolve.Known, Text: p.String()}, From: "plugin config execution_roles"}},
			resolver: base,
		})
	}
	return cs
}

// builder carries what building one model needs.
type builder struct {
	m   *Model
	mod *module
	r   *resolve.Resolver

	clusters map[pathKey]clusterAnswer
	execs    map[pathKey]*Exec
}

// Cluster returns the cluster with the given address.
func (m *Model) Cluster(addr string) *Cluster {
	for _, c := range m.Clusters {
		if c.Addr == addr {
			return c
		}
	}
	return nil
}

// AWSProvider returns the configuration of an AWS provider ("aws",
// "aws.ci"), undeclared ones included.
func (m *Model) AWSProvider(name string) *AWSProvider {
	if p, ok := m.aws[name]; ok {
		return p
	}
	return &AWSProvider{Name: name}
}

// Options returns what the plugin configuration told the model.
func (m *Model) Options() Options { return m.options }

func blockAttr(b *hclext.Block, name string) hcl.Expression {
	if b == nil || b.Body == nil {
		return nil
	}
	if a, ok := b.Body.Attributes[name]; ok {
		return a.Expr
	}
	return nil
}

func attrRange(b *hclext.Block, name string) hcl.Range {
	if a, ok := b.Body.Attributes[name]; ok {
		return a.Expr.Range()
	}
	return b.DefRange
}

func blockAddr(b *hclext.Block) string {
	switch b.Type {
	case "resource":
		return b.Labels[0] + "." + b.Labels[1]
	case "module":
		return "module." + b.Labels[0]
	}
	return fmt.Sprintf("%s.%s", b.Type, strings.Join(b.Labels, "."))
}
