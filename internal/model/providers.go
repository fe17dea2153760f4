package model

import (
	"path"
	"sort"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// KubeProvider is one configuration of the kubernetes, helm or kubectl
// provider (each alias on its own).
type KubeProvider struct {
	// Type is the provider's local name: kubernetes, helm, kubectl.
	Type  string
	Alias string
	// DefRange is the provider block's header.
	DefRange hcl.Range
	// Module is, for a provider of a local child module judged by its
	// caller's run, the child's call: module.app.
	Module string
	Auth   Auth
}

// Name is the provider's reference as Terraform writes it: "kubernetes" or "helm.eks".
func (p *KubeProvider) Name() string {
	if p.Alias == "" {
		return p.Type
	}
	return p.Type + "." + p.Alias
}

// Label names the provider for messages: "kubernetes.eks", or
// "module.app's kubernetes" for a provider of a local child module.
func (p *KubeProvider) Label() string {
	if p.Module == "" {
		return p.Name()
	}
	return p.Module + "'s " + p.Name()
}

// Method is how a provider obtains Kubernetes credentials.
type Method int

const (
	// MethodUnknown: nothing eksauth recognises (client certificates, a
	// dynamic block, other exec plugins).
	MethodUnknown Method = iota
	// MethodClusterAuth: token from data or ephemeral aws_eks_cluster_auth.
	MethodClusterAuth
	// MethodExec: exec of `aws eks get-token` or `aws-iam-authenticator token`.
	MethodExec
	// MethodStaticToken: a token from a variable, local or literal, or
	// read from another root's state outputs.
	MethodStaticToken
	// MethodKubeconfig: a kubeconfig file decides, invisible here.
	MethodKubeconfig
)

func (m Method) String() string {
	switch m {
	case MethodClusterAuth:
		return "an aws_eks_cluster_auth token"
	case MethodExec:
		return "exec"
	case MethodStaticToken:
		return "a static token"
	case MethodKubeconfig:
		return "a kubeconfig"
	}
	return "unrecognised authentication"
}

// Auth is what a provider's configuration says about its credentials.
type Auth struct {
	Method Method
	// Range is where the method is chosen: the token attribute, the exec
	// block, config_path.
	Range hcl.Range
	// Token is the token expression for MethodClusterAuth and MethodStaticToken.
	Token hcl.Expression
	// State is, for MethodStaticToken, the other root's state output the
	// token is read from (data.terraform_remote_state.x.outputs.token):
	// made when that root was last applied, not in this run. "" for a
	// token of variables, locals and literals only.
	State string
	// Source is the aws_eks_cluster_auth data or ephemeral block behind the token.
	Source *DataSource
	// Exec describes an exec plugin call.
	Exec *Exec
	// ExecIgnored is set when Exec is written next to a token: client-go
	// sends the bearer token and never runs the exec plugin, so the token
	// decides the Method and the identity.
	ExecIgnored bool
	// Host is the provider's host expression, a second way to find the cluster.
	Host hcl.Expression
	// EKS says, for MethodStaticToken, MethodKubeconfig and MethodUnknown,
	// what in the configuration shows that the cluster is EKS when its host
	// cannot ("the name of var.eks_cluster_endpoint"); "" when nothing does
	// or the provider is plainly pointed elsewhere (kind, minikube,
	// localhost, a GKE cluster in a module with nothing of EKS).
	EKS string
	// Detail says, for MethodUnknown and MethodKubeconfig, what was seen.
	// Messages print it in parentheses after the method: "a kubeconfig
	// (config_path)".
	Detail string

	execExprs map[string]hcl.Expression
}

// DataSource is a data or ephemeral block.
type DataSource struct {
	Mode     string // "data" or "ephemeral"
	Type     string
	Name     string
	DefRange hcl.Range
	NameExpr hcl.Expression
	// Provider is the AWS provider the block uses: "aws" or "aws.ALIAS".
	Provider string
}

// Addr is the block's address, e.g. data.aws_eks_cluster_auth.this.
func (d *DataSource) Addr() string {
	if d.Mode == "ephemeral" {
		return "ephemeral." + d.Type + "." + d.Name
	}
	return "data." + d.Type + "." + d.Name
}

// AWSProvider is one configuration of the aws provider.
type AWSProvider struct {
	Name     string // "aws" or "aws.ALIAS"
	Declared bool
	DefRange hcl.Range
	// RoleArn is assume_role's (or assume_role_with_web_identity's) role_arn.
	RoleArn hcl.Expression
	// RoleBlock is "assume_role" or "assume_role_with_web_identity".
	RoleBlock string
	// DynamicRole is set when assume_role is written as a dynamic block.
	DynamicRole bool
	Profile     hcl.Expression
	// AccessKey is access_key: static keys sign as the IAM user that owns
	// them, whatever role the run itself has.
	AccessKey hcl.Expression
	Allowed   hcl.Expression
	Forbidden hcl.Expression
	// SharedConfig is shared_config_files: HCP Terraform's dynamic
	// credentials reach aliased configurations through it.
	SharedConfig hcl.Expression
}

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
				Profile: blockAttr(b, "profile"), AccessKey: blockAttr(b, "access_key"), Allowed: blockAttr(b, "allowed_account_ids"), Forbidden: blockAttr(b, "forbidden_account_ids"),
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

// readAuth reads how a provider authenticates and, where that does not
// show the cluster is EKS, what else in the module does.
func readAuth(mod *module, typ string, b *hclext.Block) Auth {
	a, c := connectionOf(mod, typ, b)
	switch a.Method {
	case MethodStaticToken, MethodKubeconfig, MethodUnknown:
		// Nothing in the authentication itself says EKS.
		a.EKS = mod.eksEvidence(c, a.Token)
	}
	return a
}

// connectionOf reads the connection settings a provider authenticates with.
func connectionOf(mod *module, typ string, b *hclext.Block) (Auth, *connection) {
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
			items, ok := mod.objectItems(blockObject(e))
			if !ok {
				return Auth{Method: MethodUnknown, Range: e.Range(), Detail: "the kubernetes argument is not an object eksauth can read"}, c
			}
			c = &connection{attrs: items, defRange: e.Range()}
			if x, ok := items["exec"]; ok {
				if ex, ok := mod.objectItems(blockObject(x)); ok {
					c.hasExec, c.execAt, c.exec = true, x.Range(), ex
				} else {
					return Auth{Method: MethodUnknown, Range: x.Range(), Detail: "the exec argument is not an object eksauth can read"}, c
				}
			}
		} else if !found && len(c.dynamic) == 0 {
			return Auth{Method: MethodKubeconfig, Range: b.DefRange, Detail: "helm sets no kubernetes connection, so KUBE_CONFIG_PATH names it"}, c
		}
	}
	return mod.connectionAuth(c), c
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
	case hasToken:
		a.Token, a.Range = token, token.Range()
		if src := mod.clusterAuthSource(token); src != nil {
			a.Method, a.Source = MethodClusterAuth, src
		} else if static, state := mod.staticToken(token); static {
			a.Method, a.State = MethodStaticToken, state
		} else {
			a.Method, a.Detail = MethodUnknown, "a token from "+exprText(token)
		}
		if c.hasExec {
			a.Exec, a.ExecIgnored, a.execExprs = &Exec{Range: c.execAt}, true, c.exec
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
		// Detail follows "a kubeconfig" in parentheses: no parentheses of its own.
		a.Detail = "no token or exec is set, so KUBE_CONFIG_PATH names it, or ~/.kube/config where load_config_file is on"
	}
	return a
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
// variables, locals, literals and other roots' state outputs, all the way
// down: a token fixed before the run, which expires within 15 minutes. A
// token in another root's state was made when that root was last applied,
// whatever backend holds the state; state is the first such output.
func (mod *module) staticToken(e hcl.Expression) (static bool, state string) {
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
			case resolve.Data:
				if !stateOutput(ref) {
					return false
				}
				if state == "" {
					state = resolve.TraversalString(t)
				}
			default:
				return false
			}
		}
		return true
	}
	if !visit(e) {
		return false, ""
	}
	return true, state
}

// stateOutput reports whether a reference reads another root's state
// outputs: data.terraform_remote_state.x.outputs (any backend),
// data.tfe_outputs.x.values or .nonsensitive_values.
func stateOutput(ref resolve.Ref) bool {
	switch ref.Type {
	case "terraform_remote_state":
		return ref.Attr == "outputs"
	case "tfe_outputs":
		return ref.Attr == "values" || ref.Attr == "nonsensitive_values"
	}
	return false
}

// eksEvidence says what shows that a provider with a static token talks
// to EKS, for a host that cannot show it itself (var.eks_cluster_endpoint
// has no value to lint with): a variable the host or token is read from
// whose name or description says EKS, another root's state read through a
// data source or output whose name says EKS, or EKS resources, data sources or
// terraform-aws-modules/eks in the module. A provider plainly pointed at a
// local cluster (kind, minikube, localhost) has none, whatever else the
// module holds.
func (mod *module) eksEvidence(c *connection, token hcl.Expression) string {
	if ctx := strings.ToLower(literalString(c.attrs["config_context"])); strings.HasPrefix(ctx, "kind-") || strings.HasPrefix(ctx, "minikube") || strings.HasPrefix(ctx, "docker-desktop") {
		return ""
	}
	if host := c.attrs["host"]; host != nil && localHost(literalText(host)) {
		return ""
	}
	for _, e := range []hcl.Expression{c.attrs["host"], token} {
		if e == nil {
			continue
		}
		for _, t := range e.Variables() {
			ref := resolve.ParseRef(t)
			if ref.Mode == resolve.Data && stateOutput(ref) {
				// data.terraform_remote_state.eks.outputs.endpoint: the
				// other root is out of sight, its names are not.
				addr := "data." + ref.Type + "." + ref.Name
				if saysEKS(ref.Name) {
					return "the name of " + addr
				}
				if out, ok := outputName(ref, []string{ref.Attr}); ok && saysEKS(out) {
					return "the name of " + addr + "." + ref.Attr + "." + out
				}
				continue
			}
			if ref.Mode != resolve.Variable {
				continue
			}
			if saysEKS(ref.Name) {
				return "the name of var." + ref.Name
			}
			if v := mod.variables[ref.Name]; v != nil && saysEKS(literalString(blockAttr(v, "description"))) {
				return "the description of var." + ref.Name
			}
		}
	}
	for _, r := range mod.resources {
		if strings.HasPrefix(r.Labels[0], "aws_eks_") {
			return blockAddr(r) + " in this module"
		}
	}
	var data []string
	for addr := range mod.data {
		if strings.HasPrefix(addr, "data.aws_eks_") || strings.HasPrefix(addr, "ephemeral.aws_eks_") {
			data = append(data, addr)
		}
	}
	if len(data) > 0 {
		sort.Strings(data)
		return data[0] + " in this module"
	}
	for _, m := range mod.modules {
		if k, _ := moduleKind(m); k != notEKS {
			return blockAddr(m) + " (terraform-aws-modules/eks) in this module"
		}
	}
	return ""
}

// saysEKS reports whether a name or sentence has the word EKS in it:
// eks_cluster_endpoint, "EKS API endpoint", not "geeks".
func saysEKS(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if w == "eks" {
			return true
		}
	}
	return false
}

// literalText joins the literal parts of a string or template expression.
func literalText(e hcl.Expression) string {
	if s := literalString(e); s != "" {
		return s
	}
	tmpl, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, p := range tmpl.Parts {
		b.WriteString(literalString(p))
		b.WriteByte(' ')
	}
	return b.String()
}

// localHost reports whether a host's literal text names a cluster on this
// machine or a local development cluster.
func localHost(s string) bool {
	s = strings.ToLower(s)
	for _, marker := range []string{"localhost", "127.0.0.1", "[::1]", "kind-", "minikube", "host.docker.internal"} {
		if strings.Contains(s, marker) {
			return true
		}
	}
	return false
}
