package model

import (
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// providerType classifies a provider's local name by its required_providers
// source: kubernetes, helm, kubectl, aws, or "" for anything else.
func (mod *module) providerType(local string) string {
	src := mod.required[local]
	if src == "" {
		src = "hashicorp/" + local
	}
	switch path.Base(src) {
	case "kubernetes", "helm", "aws":
		return path.Base(src)
	case "kubectl":
		return "kubectl"
	}
	return ""
}

// readProviders reads the kubernetes-family providers (returned) and the
// AWS providers (kept in the model).
func (m *Model) readProviders(mod *module) []*KubeProvider {
	var kube []*KubeProvider
	for _, b := range mod.providers {
		if len(b.Labels) != 1 {
			continue
		}
		alias := literalString(blockAttr(b, "alias"))
		switch typ := mod.providerType(b.Labels[0]); typ {
		case "aws":
			p := &AWSProvider{Name: "aws", Declared: true, DefRange: b.DefRange,
				Profile: blockAttr(b, "profile"), Allowed: blockAttr(b, "allowed_account_ids"), Forbidden: blockAttr(b, "forbidden_account_ids"),
				SharedConfig: blockAttr(b, "shared_config_files")}
			if alias != "" {
				p.Name = "aws." + alias
			}
			for _, nb := range b.Body.Blocks {
				switch {
				case nb.Type == "assume_role" || nb.Type == "assume_role_with_web_identity":
					// With several assume_role blocks (role chaining), the last role is who we are.
					if e := blockAttr(nb, "role_arn"); e != nil {
						p.RoleArn, p.RoleBlock = e, nb.Type
					}
				case nb.Type == "dynamic" && len(nb.Labels) == 1 && strings.HasPrefix(nb.Labels[0], "assume_role"):
					p.DynamicRole = true
				}
			}
			m.aws[p.Name] = p
		case "kubernetes", "helm", "kubectl":
			p := &KubeProvider{Type: b.Labels[0], Alias: alias, DefRange: b.DefRange}
			p.Auth = readAuth(mod, typ, b)
			kube = append(kube, p)
		}
	}
	return kube
}

// connection is a provider's Kubernetes connection settings, written as a
// block body (kubernetes, kubectl, helm v2) or an object (helm v3).
type connection struct {
	attrs    map[string]hcl.Expression
	exec     map[string]hcl.Expression
	execAt   hcl.Range
	hasExec  bool
	dynamic  []string // labels of dynamic blocks
	defRange hcl.Range
}

func blockConnection(b *hclext.Block) *connection {
	c := &connection{attrs: map[string]hcl.Expression{}, defRange: b.DefRange}
	for name, a := range b.Body.Attributes {
		c.attrs[name] = a.Expr
	}
	for _, nb := range b.Body.Blocks {
		switch nb.Type {
		case "exec":
			c.hasExec, c.execAt = true, nb.DefRange
			c.exec = map[string]hcl.Expression{}
			for name, a := range nb.Body.Attributes {
				c.exec[name] = a.Expr
			}
		case "dynamic":
			c.dynamic = append(c.dynamic, nb.Labels...)
		}
	}
	return c
}

func readAuth(mod *module, typ string, b *hclext.Block) Auth {
	c := blockConnection(b)
	if typ == "helm" {
		var found bool
		for _, nb := range b.Body.Blocks {
			if nb.Type == "kubernetes" {
				c, found = blockConnection(nb), true
			}
		}
		if e, ok := c.attrs["kubernetes"]; ok && !found {
			// helm v3: kubernetes = { host = ..., exec = { ... } }
			items, ok := mod.objectItems(e)
			if !ok {
				return Auth{Method: MethodUnknown, Range: e.Range(), Detail: "the kubernetes argument is not an object eksauth can read"}
			}
			c = &connection{attrs: items, defRange: e.Range()}
			if x, ok := items["exec"]; ok {
				if ex, ok := mod.objectItems(x); ok {
					c.hasExec, c.execAt, c.exec = true, x.Range(), ex
				} else {
					return Auth{Method: MethodUnknown, Range: x.Range(), Detail: "the exec argument is not an object eksauth can read"}
				}
			}
		} else if !found && len(c.dynamic) == 0 {
			return Auth{Method: MethodKubeconfig, Range: b.DefRange, Detail: "no kubernetes connection settings: the kubeconfig in KUBE_CONFIG_PATH decides"}
		}
	}
	return mod.connectionAuth(c)
}

func (mod *module) connectionAuth(c *connection) Auth {
	a := Auth{Host: c.attrs["host"]}
	for _, d := range c.dynamic {
		if d == "exec" || d == "kubernetes" {
			a.Method, a.Range, a.Detail = MethodUnknown, c.defRange, "a dynamic "+d+" block"
			return a
		}
	}
	token, hasToken := c.attrs["token"]
	if hasToken && isNullLiteral(token) {
		hasToken = false
	}
	switch {
	case hasToken && c.hasExec:
		a.Method, a.Range = MethodUnknown, token.Range()
		a.Detail = "both token and exec are set"
	case hasToken:
		a.Token, a.Range = token, token.Range()
		if src := mod.clusterAuthSource(token); src != nil {
			a.Method, a.Source = MethodClusterAuth, src
		} else if mod.staticToken(token) {
			a.Method = MethodStaticToken
		} else {
			a.Method, a.Detail = MethodUnknown, "a token from "+exprText(token)
		}
	case c.hasExec:
		a.Method, a.Range = MethodExec, c.execAt
		a.Exec = &Exec{Range: c.execAt}
		a.execExprs = c.exec
	case c.attrs["config_path"] != nil || c.attrs["config_paths"] != nil:
		a.Method, a.Range, a.Detail = MethodKubeconfig, firstRange(c.attrs["config_path"], c.attrs["config_paths"]), "config_path"
	case c.attrs["client_certificate"] != nil || c.attrs["username"] != nil:
		a.Method, a.Range, a.Detail = MethodUnknown, c.defRange, "client certificate or basic authentication"
	default:
		a.Method, a.Range = MethodKubeconfig, c.defRange
		a.Detail = "no token or exec: a kubeconfig (KUBE_CONFIG_PATH, or ~/.kube/config where load_config_file is on) decides"
	}
	return a
}

func firstRange(es ...hcl.Expression) hcl.Range {
	for _, e := range es {
		if e != nil {
			return e.Range()
		}
	}
	return hcl.Range{}
}

func isNullLiteral(e hcl.Expression) bool {
	v, diags := e.Value(nil)
	return !diags.HasErrors() && v.IsNull()
}

// clusterAuthSource finds the aws_eks_cluster_auth block a token comes
// from, through locals, one(), splats, indexes and conditionals: the one
// such block the expression refers to.
func (mod *module) clusterAuthSource(e hcl.Expression) *DataSource {
	var found *hclext.Block
	seen := map[string]bool{}
	var visit func(e hcl.Expression, depth int) bool
	visit = func(e hcl.Expression, depth int) bool {
		if depth > 8 {
			return false
		}
		for _, t := range e.Variables() {
			ref := resolve.ParseRef(t)
			switch ref.Mode {
			case resolve.Data, resolve.Ephemeral:
				if ref.Type != "aws_eks_cluster_auth" {
					continue
				}
				mode := "data"
				if ref.Mode == resolve.Ephemeral {
					mode = "ephemeral"
				}
				b := mod.data[mode+"."+ref.Type+"."+ref.Name]
				if b == nil || found != nil && found != b {
					return false
				}
				found = b
			case resolve.Local:
				if le, ok := mod.locals[ref.Name]; ok && !seen[ref.Name] {
					seen[ref.Name] = true
					if !visit(le, depth+1) {
						return false
					}
				}
			}
		}
		return true
	}
	if !visit(e, 0) || found == nil {
		return nil
	}
	return &DataSource{
		Mode: found.Type, Type: found.Labels[0], Name: found.Labels[1], DefRange: found.DefRange,
		NameExpr: blockAttr(found, "name"), Provider: providerRef(blockAttr(found, "provider"), "aws"),
	}
}

// staticToken reports whether a token expression refers to nothing but
// variables, locals and literals, all the way down: a token fixed before
// the run, which expires within 15 minutes.
func (mod *module) staticToken(e hcl.Expression) bool {
	seen := map[string]bool{}
	var visit func(e hcl.Expression) bool
	visit = func(e hcl.Expression) bool {
		for _, t := range e.Variables() {
			switch ref := resolve.ParseRef(t); ref.Mode {
			case resolve.Variable:
			case resolve.Local:
				le, ok := mod.locals[ref.Name]
				if !ok {
					return false
				}
				if !seen[ref.Name] {
					seen[ref.Name] = true
					if !visit(le) {
						return false
					}
				}
			default:
				return false
			}
		}
		return true
	}
	return visit(e)
}

// providerRef reads a provider meta-argument (aws.ci) or a providers map
// value; def when absent.
func providerRef(e hcl.Expression, def string) string {
	if e == nil {
		return def
	}
	t, diags := hcl.AbsTraversalForExpr(e)
	if diags.HasErrors() || len(t) == 0 {
		return def
	}
	return resolve.TraversalString(t)
}

// followLocal returns the expression of local.NAME when e is exactly that
// reference, else e.
func (mod *module) followLocal(e hcl.Expression) hcl.Expression {
	if e == nil {
		return nil
	}
	for depth := 0; depth < 8; depth++ {
		t, diags := hcl.AbsTraversalForExpr(e)
		if diags.HasErrors() || len(t) != 2 || t.RootName() != "local" {
			return e
		}
		a, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			return e
		}
		le, ok := mod.locals[a.Name]
		if !ok {
			return e
		}
		e = le
	}
	return e
}

// objectItems reads an object written in the configuration, following
// local.NAME(.attr...) to the local's object constructor.
func (mod *module) objectItems(e hcl.Expression) (map[string]hcl.Expression, bool) {
	if e == nil {
		return nil, false
	}
	for depth := 0; depth < 8; depth++ {
		if pairs, diags := hcl.ExprMap(e); !diags.HasErrors() {
			out := map[string]hcl.Expression{}
			for _, p := range pairs {
				k := hcl.ExprAsKeyword(p.Key)
				if k == "" {
					k = literalString(p.Key)
				}
				if k != "" {
					out[k] = p.Value
				}
			}
			return out, true
		}
		t, diags := hcl.AbsTraversalForExpr(e)
		if diags.HasErrors() || t.RootName() != "local" || len(t) < 2 {
			return nil, false
		}
		name, ok := t[1].(hcl.TraverseAttr)
		if !ok {
			return nil, false
		}
		le, ok := mod.locals[name.Name]
		if !ok {
			return nil, false
		}
		// Walk the rest of the traversal through nested object constructors.
		for _, step := range t[2:] {
			a, ok := step.(hcl.TraverseAttr)
			if !ok {
				return nil, false
			}
			items, ok := mod.objectItems(le)
			if !ok {
				return nil, false
			}
			if le, ok = items[a.Name]; !ok {
				return nil, false
			}
		}
		e = le
	}
	return nil, false
}

// exprText renders an expression briefly for messages: a traversal as
// written, anything else as "an expression".
func exprText(e hcl.Expression) string {
	if t, diags := hcl.AbsTraversalForExpr(e); !diags.HasErrors() {
		return resolve.TraversalString(t)
	}
	if s, ok := e.(*hclsyntax.ScopeTraversalExpr); ok {
		return resolve.TraversalString(s.Traversal)
	}
	return "an expression"
}

// clusterFrom follows a named value to a cluster: module.eks.X to the
// module call, aws_eks_cluster.X.Y to the resource, data.aws_eks_cluster.X.Y
// to whatever its name is.
func (b *builder) clusterFrom(r *resolve.Resolver, e hcl.Expression, depth int) (*Cluster, string) {
	if e == nil {
		return nil, "no cluster name is given"
	}
	if depth > 4 {
		return nil, "the cluster name refers to itself"
	}
	return b.clusterOf(r, resolve.StringOf(r.Eval(e, nil)), depth)
}

// clusterOf finds the cluster an evaluated name or host refers to.
func (b *builder) clusterOf(r *resolve.Resolver, v resolve.String, depth int) (*Cluster, string) {
	if ref, ok := symbol.Whole(v.Text); ok && v.Kind == resolve.Named {
		t, diags := hclsyntax.ParseTraversalAbs([]byte(ref), "", hcl.InitialPos)
		if !diags.HasErrors() {
			pr := resolve.ParseRef(t)
			switch {
			case pr.Mode == resolve.ModuleCall:
				if c := b.m.Cluster("module." + pr.Name); c != nil {
					return c, ""
				}
				return nil, "the cluster comes from module." + pr.Name + ", which eksauth does not recognise as terraform-aws-modules/eks"
			case pr.Mode == resolve.Resource && pr.Type == "aws_eks_cluster":
				if c := b.m.Cluster(pr.Type + "." + pr.Name); c != nil {
					return c, ""
				}
			case pr.Mode == resolve.Data && pr.Type == "aws_eks_cluster":
				if d := b.mod.data["data.aws_eks_cluster."+pr.Name]; d != nil {
					return b.clusterFrom(r, blockAttr(d, "name"), depth+1)
				}
			case pr.Mode == resolve.Variable:
				// A variable with no value: match clusters named by the same variable.
			default:
				return nil, "the cluster comes from " + symbol.Display(v.Text) + ", outside this module"
			}
		}
	}
	switch v.Kind {
	case resolve.Known, resolve.Named:
		var match *Cluster
		for _, c := range b.m.Clusters {
			if (c.Name.Kind == resolve.Known || c.Name.Kind == resolve.Named) && c.Name.Text == v.Text {
				if match != nil {
					return nil, "several clusters are named " + v.Display()
				}
				match = c
			}
		}
		if match != nil {
			return match, ""
		}
		return nil, "no cluster named " + v.Display() + " is defined in this module"
	case resolve.Sensitive:
		return nil, "the cluster name is sensitive"
	}
	return nil, "the cluster name cannot be resolved"
}
