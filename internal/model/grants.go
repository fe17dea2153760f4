package model

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/awsauth"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

type moduleKindT int

const (
	notEKS moduleKindT = iota
	eksRoot
	eksAWSAuth
)

// moduleKind recognises terraform-aws-modules/eks by its registry or git
// source, and by its inputs when the source is a local path (the module's
// own examples call it as "../..", and vendored copies are common).
func moduleKind(b *hclext.Block) (moduleKindT, string) {
	src := literalString(blockAttr(b, "source"))
	s := strings.ToLower(src)
	sub := ""
	if i := strings.Index(s, "//modules/"); i >= 0 {
		sub = strings.SplitN(strings.TrimPrefix(s[i:], "//modules/"), "?", 2)[0]
		sub = strings.TrimSuffix(sub, "/")
	}
	registry := strings.Contains(s, "terraform-aws-modules/eks/aws")
	git := strings.Contains(s, "terraform-aws-modules/terraform-aws-eks")
	switch {
	case registry || git:
		switch sub {
		case "":
			return eksRoot, src
		case "aws-auth":
			return eksAWSAuth, src
		}
		return notEKS, src
	case isLocalSource(s):
		in := b.Body.Attributes
		_, named := in["cluster_name"]
		if _, ok := in["name"]; ok {
			named = true
		}
		_, version := in["cluster_version"]
		if _, ok := in["kubernetes_version"]; ok {
			version = true
		}
		access := false
		for _, k := range []string{"access_entries", "aws_auth_roles", "map_roles", "manage_aws_auth_configmap", "enable_cluster_creator_admin_permissions", "authentication_mode"} {
			if _, ok := in[k]; ok {
				access = true
			}
		}
		if named && (version || access) {
			if _, ok := in["vpc_id"]; ok || access {
				return eksRoot, src
			}
		}
	}
	return notEKS, src
}

func isLocalSource(s string) bool {
	return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../")
}

// moduleVersion finds the release a call installs.
func (b *builder) moduleVersion(blk *hclext.Block, src string) Version {
	if e := blockAttr(blk, "version"); e != nil {
		s := resolve.StringOf(b.r.Eval(e, nil))
		if s.Kind == resolve.Known {
			if v, ok := constraintVersion(s.Text); ok {
				return v
			}
		}
	}
	if v, ok := refVersion(src); ok {
		return v
	}
	inputs := map[string]bool{}
	for k := range blk.Body.Attributes {
		inputs[k] = true
	}
	v, _ := inputVersion(inputs)
	return v
}

func (b *builder) readClusters() {
	for _, blk := range b.mod.modules {
		kind, src := moduleKind(blk)
		if kind != eksRoot {
			continue
		}
		insts := b.instances(blk)
		if len(insts) == 0 {
			continue
		}
		c := &Cluster{Addr: blockAddr(blk), Kind: ModuleCluster, DefRange: blk.DefRange, Maybe: insts[0].maybe,
			Version: b.moduleVersion(blk, src), AWS: b.moduleProvider(blk, "aws"), Local: isLocalSource(strings.ToLower(src))}
		nameInput := "cluster_name"
		if c.Version.AtLeast(21, 0) || blockAttr(blk, "cluster_name") == nil {
			nameInput = "name"
		}
		c.Name = b.instanceString(blk, nameInput, insts)
		switch {
		case c.Version.Before(20, 0):
			c.Mode, c.ModeRange, c.Creator, c.CreatorRange = ConfigMap, blk.DefRange, CreatorImplicit, blk.DefRange
		case c.Version.Known:
			c.Mode, c.ModeRange = APIAndConfigMap, blk.DefRange
			if e := blockAttr(blk, "authentication_mode"); e != nil {
				c.Mode, c.ModeRange = modeOf(b.instanceString(blk, "authentication_mode", insts)), e.Range()
			}
			c.Creator, c.CreatorRange = CreatorNone, blk.DefRange
			if e := blockAttr(blk, "enable_cluster_creator_admin_permissions"); e != nil {
				c.CreatorRange = e.Range()
				switch on, ok := b.instanceBool(e, insts); {
				case !ok:
					c.Creator = CreatorUnknown
				case on:
					c.Creator = CreatorApplier
				}
			}
		}
		b.m.Clusters = append(b.m.Clusters, c)
	}
	for _, blk := range b.mod.resources {
		if blk.Labels[0] != "aws_eks_cluster" {
			continue
		}
		insts := b.instances(blk)
		if len(insts) == 0 {
			continue
		}
		c := &Cluster{Addr: blockAddr(blk), Kind: ResourceCluster, DefRange: blk.DefRange, Maybe: insts[0].maybe,
			AWS: providerRef(blockAttr(blk, "provider"), "aws"), Mode: ConfigMap, ModeRange: blk.DefRange, Creator: CreatorImplicit, CreatorRange: blk.DefRange}
		c.Name = b.instanceString(blk, "name", insts)
		for _, ac := range blk.Body.Blocks {
			if ac.Type != "access_config" {
				continue
			}
			if e := blockAttr(ac, "authentication_mode"); e != nil {
				c.Mode, c.ModeRange = modeOf(b.instanceString(ac, "authentication_mode", insts)), e.Range()
			}
			if e := blockAttr(ac, "bootstrap_cluster_creator_admin_permissions"); e != nil {
				c.CreatorRange = e.Range()
				switch on, ok := b.instanceBool(e, insts); {
				case !ok:
					c.Creator = CreatorUnknown
				case !on:
					c.Creator = CreatorNone
				}
			}
		}
		b.m.Clusters = append(b.m.Clusters, c)
	}
}

func modeOf(s resolve.String) Mode {
	if s.Kind != resolve.Known {
		return ""
	}
	switch m := Mode(strings.ToUpper(s.Text)); m {
	case ConfigMap, APIAndConfigMap, API:
		return m
	}
	return ""
}

// instanceString evaluates a string attribute; with several instances it
// is only known when all agree.
func (b *builder) instanceString(blk *hclext.Block, name string, insts []instance) resolve.String {
	e := blockAttr(blk, name)
	if e == nil {
		return resolve.String{Kind: resolve.Null}
	}
	var out resolve.String
	for i, in := range insts {
		s := resolve.StringOf(b.r.Eval(e, in.scope))
		if i == 0 {
			out = s
		} else if s.Kind != out.Kind || s.Text != out.Text {
			return resolve.String{Kind: resolve.Unknown}
		}
	}
	return out
}

// instanceBool evaluates a boolean for every instance; ok is false unless
// all are known and agree.
func (b *builder) instanceBool(e hcl.Expression, insts []instance) (on, ok bool) {
	for i, in := range insts {
		v, known := resolve.Bool(b.r.Eval(e, in.scope))
		if !known || i > 0 && v != on {
			return false, false
		}
		on = v
	}
	return on, len(insts) > 0
}

// moduleProvider reads which provider configuration a module call passes
// for name in its providers map.
func (b *builder) moduleProvider(blk *hclext.Block, name string) string {
	e := blockAttr(blk, "providers")
	if e == nil {
		return name
	}
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return name
	}
	for _, p := range pairs {
		k, diags := hcl.AbsTraversalForExpr(p.Key)
		if diags.HasErrors() || resolve.TraversalString(k) != name {
			continue
		}
		return providerRef(p.Value, name)
	}
	return name
}

// readGrants reads every grant and binds it to its cluster.
func (b *builder) readGrants() {
	for _, blk := range b.mod.modules {
		switch kind, src := moduleKind(blk); kind {
		case eksRoot:
			if c := b.m.Cluster(blockAddr(blk)); c != nil {
				b.moduleGrants(c, blk, src)
			}
		case eksAWSAuth:
			b.awsAuthSubmoduleGrants(blk)
		default:
			b.otherModuleMayGrant(blk, src)
		}
	}
	var assocs []association
	for _, blk := range b.mod.resources {
		switch blk.Labels[0] {
		case "aws_eks_access_entry":
			b.accessEntryResource(blk)
		case "aws_eks_access_policy_association":
			assocs = append(assocs, b.associations(blk)...)
		case "kubernetes_config_map", "kubernetes_config_map_v1", "kubernetes_config_map_v1_data":
			b.configMapGrants(blk)
		case "kubectl_manifest", "kubernetes_manifest":
			b.manifestMayGrant(blk)
		}
	}
	for _, c := range b.m.Clusters {
		for _, g := range c.Grants {
			if g.Kind == AccessEntry && (g.source != nil || g.Policies == 0) {
				// Associations written as resources count for entries
				// made by the module too.
				if n := policiesFor(c, g, assocs); n != 0 || g.source != nil {
					g.Policies = max(g.Policies, 0) + n
					if n < 0 {
						g.Policies = -1
					}
				}
			}
		}
	}
}

// policiesFor counts the policy associations of a resource access entry:
// those for the same cluster and principal, or written against the entry
// itself (principal_arn = aws_eks_access_entry.x.principal_arn). -1 when an
// association that cannot be read might be one of them.
func policiesFor(c *Cluster, g *Grant, assocs []association) int {
	n, unknown := 0, false
	self := "\x00"
	if g.source != nil {
		self = blockAddr(g.source) + "."
	}
	for _, a := range assocs {
		p := a.principal
		if ref, ok := symbol.Whole(p.Text); ok && p.Kind == resolve.Named && strings.HasPrefix(ref, "aws_eks_access_entry.") {
			if strings.HasPrefix(ref, self) {
				n++
				continue
			}
			// Written against another entry: it is that entry's principal.
			if other := c.resourceEntry(strings.SplitN(ref, ".", 3)[:2]); other != nil {
				p = other.Principal
			}
		}
		switch {
		case p.Kind != resolve.Known && p.Kind != resolve.Named:
			unknown = true
		case p.Kind == resolve.Known && g.Principal.Kind == resolve.Known && p.Text != g.Principal.Text:
			// Two known principals that differ: not this entry's, whatever its cluster.
		case a.cluster == nil:
			unknown = true
		case a.cluster != c:
		case p.Text == g.Principal.Text:
			n++
		default:
			// A reference on either side may name the same role.
			unknown = true
		}
	}
	if n == 0 && unknown {
		return -1
	}
	return n
}

// resourceEntry finds the aws_eks_access_entry grant with the address
// parts ["aws_eks_access_entry", NAME].
func (c *Cluster) resourceEntry(parts []string) *Grant {
	if len(parts) != 2 {
		return nil
	}
	for _, g := range c.Grants {
		if g.source != nil && blockAddr(g.source) == parts[0]+"."+parts[1] {
			return g
		}
	}
	return nil
}

func (b *builder) moduleGrants(c *Cluster, blk *hclext.Block, src string) {
	insts := b.instances(blk)
	v := c.Version
	addr := c.Addr
	flag := func(name string, def bool, in instance) (on, known bool) {
		e := blockAttr(blk, name)
		if e == nil {
			// A wrapper module's defaults are its own.
			return def, !c.Local
		}
		return resolve.Bool(b.r.Eval(e, in.scope))
	}
	for _, in := range insts {
		// aws-auth, v17: map_roles / map_users, applied unless manage_aws_auth = false.
		for _, input := range []struct {
			name string
			kind awsauth.Kind
		}{{"map_roles", awsauth.RoleMapping}, {"map_users", awsauth.UserMapping}, {"aws_auth_roles", awsauth.RoleMapping}, {"aws_auth_users", awsauth.UserMapping}} {
			e := blockAttr(blk, input.name)
			if e == nil {
				continue
			}
			g := grantTemplate{source: addr + " " + input.name, applied: true, maybe: in.maybe, rng: e.Range(), list: e}
			legacy := strings.HasPrefix(input.name, "map_")
			switch {
			case !v.Known:
				g.maybe = true
			case legacy && !v.Before(18, 0):
				g.applied, g.why = false, fmt.Sprintf("%s was removed in v18; %s is %s (%s)", input.name, addr, v, v.From)
			case legacy:
				if on, known := flag("manage_aws_auth", true, in); !known {
					g.maybe = true
				} else if !on {
					g.applied, g.why = false, "manage_aws_auth = false"
				}
			case v.Before(18, 20):
				g.applied, g.why = false, fmt.Sprintf("%s has no aws-auth management before v18.20; %s is %s (%s)", addr, addr, v, v.From)
			case v.AtLeast(20, 0):
				g.applied, g.why = false, fmt.Sprintf("%s moved to the modules/aws-auth submodule in v20; %s is %s (%s)", input.name, addr, v, v.From)
			default:
				manage, mk := flag("manage_aws_auth_configmap", false, in)
				create, ck := flag("create_aws_auth_configmap", false, in)
				switch {
				case manage && mk || create && ck:
				case !mk || !ck:
					g.maybe = true
				default:
					g.applied, g.why = false, "neither manage_aws_auth_configmap nor create_aws_auth_configmap is true"
				}
			}
			b.addMappings(c, input.kind, b.r.Eval(e, in.scope), false, g)
		}
		if e := blockAttr(blk, "access_entries"); e != nil {
			g := grantTemplate{source: addr + " access_entries", applied: true, maybe: in.maybe, rng: e.Range()}
			if v.Known && v.Before(20, 0) {
				g.applied, g.why = false, fmt.Sprintf("access_entries arrived in v20; %s is %s (%s)", addr, v, v.From)
			}
			if !v.Known {
				g.maybe = true
			}
			b.addAccessEntries(c, b.r.Eval(e, in.scope), g, e)
		}
	}
}

// otherModuleMayGrant marks what a module call that is not
// terraform-aws-modules/eks might grant: aws-auth wrappers (local modules,
// third-party ones such as aidanmelen/eks-auth) write the ConfigMap through
// the kubernetes or kubectl provider they get. Their grants cannot be read
// here, so their cluster's answers stay open rather than become errors.
func (b *builder) otherModuleMayGrant(blk *hclext.Block, src string) {
	local := isLocalSource(strings.ToLower(src))
	if !mentionsAWSAuth(blk) && !(local && localModuleMentionsAWSAuth(blk.DefRange.Filename, src)) {
		return
	}
	var providers []string
	if e := blockAttr(blk, "providers"); e != nil {
		pairs, _ := hcl.ExprMap(e)
		for _, p := range pairs {
			k, diags := hcl.AbsTraversalForExpr(p.Key)
			if diags.HasErrors() {
				continue
			}
			switch typ := b.mod.providerType(k.RootName()); typ {
			case "kubernetes", "kubectl":
				providers = append(providers, providerRef(p.Value, k.RootName()))
			}
		}
	}
	if len(providers) == 0 {
		// Inherited: the default configurations.
		providers = []string{"kubernetes", "kubectl"}
	}
	for _, name := range providers {
		if c := b.providerCluster(name); c != nil {
			c.Hidden = append(c.Hidden, blockAddr(blk)+" (a module that may write aws-auth)")
		}
	}
}

// localModuleMentionsAWSAuth reads a local module's .tf files for an
// aws-auth ConfigMap. A module that cannot be read, wholly, might have one.
func localModuleMentionsAWSAuth(caller, src string) bool {
	mod, err := modfiles.Dir(filepath.Join(filepath.Dir(caller), src), modfiles.Options{Only: modfiles.Config})
	if err != nil || len(mod.Files) == 0 || len(mod.Skipped) > 0 {
		return true
	}
	for _, f := range mod.Files {
		if bytes.Contains(f.Bytes, []byte("aws-auth")) || bytes.Contains(f.Bytes, []byte("mapRoles")) {
			return true
		}
	}
	return false
}

// mentionsAWSAuth reports whether a module call's inputs look like aws-auth
// mappings.
func mentionsAWSAuth(blk *hclext.Block) bool {
	for name := range blk.Body.Attributes {
		n := strings.ToLower(name)
		if strings.Contains(n, "aws_auth") || strings.Contains(n, "map_roles") || strings.Contains(n, "map_users") {
			return true
		}
	}
	return false
}

// manifestMayGrant marks an aws-auth ConfigMap written as a raw manifest
// (kubectl_manifest, kubernetes_manifest): possible, not read.
func (b *builder) manifestMayGrant(blk *hclext.Block) {
	e := blockAttr(blk, "yaml_body")
	if e == nil {
		e = blockAttr(blk, "manifest")
	}
	if e == nil {
		return
	}
	v := b.r.Eval(e, nil)
	if s := resolve.StringOf(v); s.Kind == resolve.Known {
		if !strings.Contains(s.Text, "aws-auth") {
			return
		}
	} else if blockAttr(blk, "manifest") != nil && resolve.Usable(v) && !strings.Contains(v.GoString(), "aws-auth") {
		return
	}
	def := "kubectl"
	if blk.Labels[0] == "kubernetes_manifest" {
		def = "kubernetes"
	}
	if c := b.providerCluster(providerRef(blockAttr(blk, "provider"), def)); c != nil {
		c.Hidden = append(c.Hidden, blockAddr(blk)+" (a manifest that may be aws-auth)")
	}
}

// awsAuthSubmoduleGrants binds the v20 aws-auth submodule's mappings to the
// cluster of the kubernetes provider it runs with: it has no cluster input.
func (b *builder) awsAuthSubmoduleGrants(blk *hclext.Block) {
	c := b.providerCluster(b.moduleProvider(blk, "kubernetes"))
	if c == nil {
		return
	}
	for _, in := range b.instances(blk) {
		manage, mk := true, true
		if e := blockAttr(blk, "manage_aws_auth_configmap"); e != nil {
			manage, mk = resolve.Bool(b.r.Eval(e, in.scope))
		}
		create, ck := false, true
		if e := blockAttr(blk, "create_aws_auth_configmap"); e != nil {
			create, ck = resolve.Bool(b.r.Eval(e, in.scope))
		}
		for _, input := range []struct {
			name string
			kind awsauth.Kind
		}{{"aws_auth_roles", awsauth.RoleMapping}, {"aws_auth_users", awsauth.UserMapping}} {
			e := blockAttr(blk, input.name)
			if e == nil {
				continue
			}
			g := grantTemplate{source: blockAddr(blk) + " " + input.name, applied: true, maybe: in.maybe, rng: e.Range(), list: e}
			switch {
			case manage && mk || create && ck:
			case !mk || !ck:
				g.maybe = true
			default:
				g.applied, g.why = false, "neither manage_aws_auth_configmap nor create_aws_auth_configmap is true"
			}
			b.addMappings(c, input.kind, b.r.Eval(e, in.scope), false, g)
		}
	}
}

// providerCluster returns the cluster a kubernetes provider authenticates
// to in the local run.
func (b *builder) providerCluster(name string) *Cluster {
	for _, p := range b.m.Providers {
		if p.Name() == name {
			c, _ := b.providerClusterOf(p, b.m.Contexts[0])
			return c
		}
	}
	return nil
}

// grantTemplate is what the grants of one list share.
type grantTemplate struct {
	source  string
	applied bool
	why     string
	maybe   bool
	rng     hcl.Range
	// list is the HCL list the entries are written in, when they are, so
	// each principal can be found where it is written.
	list hcl.Expression
}

func (t grantTemplate) grant(kind GrantKind) *Grant {
	return &Grant{Kind: kind, Source: t.source, Range: t.rng, SourceRange: t.rng, Applied: t.applied, NotApplied: t.why, Maybe: t.maybe,
		UserName: resolve.String{Kind: resolve.Null}, Policies: -1}
}

// addMappings adds aws-auth entries read from a list value or a YAML string.
func (b *builder) addMappings(c *Cluster, kind awsauth.Kind, v cty.Value, yaml bool, t grantTemplate) {
	var ms awsauth.Mappings
	if yaml {
		ms = awsauth.FromYAML(kind, v)
	} else {
		ms = awsauth.FromValue(kind, v)
	}
	if !ms.Complete {
		if t.applied {
			c.Hidden = append(c.Hidden, t.source)
		} else {
			// Never applied, whatever it holds: a marker lets rules say so.
			g := t.grant(MapRole)
			if kind == awsauth.UserMapping {
				g.Kind = MapUser
			}
			g.Principal = resolve.String{Kind: resolve.Null}
			c.Grants = append(c.Grants, g)
		}
	}
	gk := MapRole
	if kind == awsauth.UserMapping {
		gk = MapUser
	}
	for _, e := range ms.Entries {
		g := t.grant(gk)
		g.Source = fmt.Sprintf("%s[%d]", t.source, e.Index)
		g.Principal = resolve.StringOf(e.ARN)
		if e.ARN == cty.NilVal {
			g.Principal = resolve.String{Kind: resolve.Null}
		}
		g.Node = e.IsNode()
		g.Groups, g.GroupsKnown = stringList(e.Groups)
		if e.Username != cty.NilVal {
			g.UserName = resolve.StringOf(e.Username)
		}
		g.Problems = append(g.Problems, e.Problems...)
		key := "rolearn"
		if kind == awsauth.UserMapping {
			key = "userarn"
		}
		if pe := b.mod.listItem(t.list, e.Index, key); pe != nil {
			g.PrincipalExpr, g.Range = pe, pe.Range()
		}
		c.Grants = append(c.Grants, g)
	}
	for _, p := range ms.Problems {
		// A list-level problem (a YAML error) leaves a grant-less marker so
		// rules can report it where it is written.
		g := t.grant(gk)
		g.Principal = resolve.String{Kind: resolve.Null}
		g.Problems = []string{p}
		c.Grants = append(c.Grants, g)
	}
}

// accessEntryKeys are the keys terraform-aws-modules/eks reads from an
// access_entries item; any other key is dropped without a word.
var accessEntryKeys = map[string]bool{"principal_arn": true, "kubernetes_groups": true, "type": true, "user_name": true, "tags": true, "policy_associations": true}

// addAccessEntries adds the module's access_entries map.
func (b *builder) addAccessEntries(c *Cluster, v cty.Value, t grantTemplate, e hcl.Expression) {
	keys, ok := resolve.Keys(v)
	if !ok {
		c.Hidden = append(c.Hidden, t.source)
		return
	}
	sort.Strings(keys)
	for _, k := range keys {
		item, _ := resolve.Attr(v, k)
		g := t.grant(AccessEntry)
		g.Source = fmt.Sprintf("%s[%q]", t.source, k)
		g.Range = itemRange(e, k, t.rng)
		if it := mapItem(b.mod, e, k); it != nil {
			g.EntryRange = it.Range()
		}
		ik, ok := resolve.Keys(item)
		if !ok {
			g.Principal = resolve.String{Kind: resolve.Unknown}
			c.Grants = append(c.Grants, g)
			continue
		}
		for _, key := range ik {
			if !accessEntryKeys[key] {
				g.Problems = append(g.Problems, fmt.Sprintf("key %q is not one the module reads: it is dropped without a word", key))
			}
		}
		pa, _ := resolve.Attr(item, "principal_arn")
		g.Principal = resolve.StringOf(pa)
		if items, ok := b.mod.objectItems(mapItem(b.mod, e, k)); ok && items["principal_arn"] != nil {
			g.PrincipalExpr = items["principal_arn"]
		}
		if ty, ok := resolve.Attr(item, "type"); ok {
			if s := resolve.StringOf(ty); s.Kind == resolve.Known {
				g.Type = s.Text
			}
		} else {
			g.Type = "STANDARD"
		}
		if gr, ok := resolve.Attr(item, "kubernetes_groups"); ok {
			g.Groups, g.GroupsKnown = stringList(gr)
		} else {
			g.GroupsKnown = true
		}
		if un, ok := resolve.Attr(item, "user_name"); ok {
			g.UserName = resolve.StringOf(un)
		}
		g.Policies = 0
		if pol, ok := resolve.Attr(item, "policy_associations"); ok {
			if pk, ok := resolve.Keys(pol); ok {
				g.Policies = len(pk)
			} else if resolve.StringOf(pol).Kind != resolve.Null {
				g.Policies = -1
			}
		}
		g.Node = isNodeType(g.Type)
		c.Grants = append(c.Grants, g)
	}
}

// mapItem finds key k's value expression in an object constructor
// (following locals), or nil.
func mapItem(mod *module, e hcl.Expression, k string) hcl.Expression {
	items, ok := mod.objectItems(e)
	if !ok {
		return nil
	}
	return items[k]
}

// listItem finds the expression of key in the i-th object of a list
// written as a tuple constructor (following locals), or nil.
func (mod *module) listItem(e hcl.Expression, i int, key string) hcl.Expression {
	if e == nil {
		return nil
	}
	e = mod.followLocal(e)
	exprs, diags := hcl.ExprList(e)
	if diags.HasErrors() || i < 0 || i >= len(exprs) {
		return nil
	}
	items, ok := mod.objectItems(exprs[i])
	if !ok {
		return nil
	}
	return items[key]
}

// itemRange finds the range of key k's value in an object constructor, so
// a finding about one entry points at it.
func itemRange(e hcl.Expression, k string, def hcl.Range) hcl.Range {
	pairs, diags := hcl.ExprMap(e)
	if diags.HasErrors() {
		return def
	}
	for _, p := range pairs {
		if hcl.ExprAsKeyword(p.Key) == k || literalString(p.Key) == k {
			return p.Value.Range()
		}
	}
	return def
}

func isNodeType(t string) bool {
	switch t {
	case "EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX", "EC2":
		return true
	}
	return false
}

// stringList reads a list of strings; ok is false when any is unknown.
func stringList(v cty.Value) ([]string, bool) {
	if v == cty.NilVal {
		return nil, true
	}
	elems, ok := resolve.Elements(v)
	if !ok {
		return nil, resolve.StringOf(v).Kind == resolve.Null
	}
	var out []string
	for _, e := range elems {
		s := resolve.StringOf(e)
		if s.Kind != resolve.Known {
			ok = false
			continue
		}
		out = append(out, s.Text)
	}
	return out, ok
}

// accessEntryResource adds aws_eks_access_entry instances.
func (b *builder) accessEntryResource(blk *hclext.Block) {
	for _, in := range b.instances(blk) {
		c, _ := b.clusterFromScope(blockAttr(blk, "cluster_name"), in.scope)
		if c == nil {
			continue
		}
		g := (grantTemplate{source: blockAddr(blk), applied: true, maybe: in.maybe, rng: attrRange(blk, "principal_arn")}).grant(AccessEntry)
		g.Principal = resolve.StringOf(b.r.Eval(blockAttr(blk, "principal_arn"), in.scope))
		g.PrincipalExpr = blockAttr(blk, "principal_arn")
		g.EntryRange = blk.DefRange
		g.Type = "STANDARD"
		if e := blockAttr(blk, "type"); e != nil {
			g.Type = ""
			if s := resolve.StringOf(b.r.Eval(e, in.scope)); s.Kind == resolve.Known {
				g.Type = s.Text
			}
		}
		if e := blockAttr(blk, "kubernetes_groups"); e != nil {
			g.Groups, g.GroupsKnown = stringList(b.r.Eval(e, in.scope))
		} else {
			g.GroupsKnown = true
		}
		if e := blockAttr(blk, "user_name"); e != nil {
			g.UserName = resolve.StringOf(b.r.Eval(e, in.scope))
		}
		g.Node = isNodeType(g.Type)
		g.Policies = 0
		g.source = blk
		c.Grants = append(c.Grants, g)
	}
}

// association is one aws_eks_access_policy_association instance.
type association struct {
	cluster   *Cluster
	principal resolve.String
}

func (b *builder) associations(blk *hclext.Block) []association {
	var out []association
	for _, in := range b.instances(blk) {
		c, _ := b.clusterFromScope(blockAttr(blk, "cluster_name"), in.scope)
		p := resolve.StringOf(b.r.Eval(blockAttr(blk, "principal_arn"), in.scope))
		if in.maybe {
			p = resolve.String{Kind: resolve.Unknown}
		}
		out = append(out, association{cluster: c, principal: p})
	}
	return out
}

// clusterFromScope finds the cluster a cluster_name argument names.
func (b *builder) clusterFromScope(e hcl.Expression, scope resolve.Scope) (*Cluster, string) {
	if e == nil {
		return nil, "no cluster_name"
	}
	if scope != nil {
		// Names from each.value etc. are evaluated in the instance's scope.
		return b.clusterOf(b.r, resolve.StringOf(b.r.Eval(e, scope)), 0)
	}
	return b.clusterFrom(b.r, e, 0)
}

// configMapGrants reads an aws-auth ConfigMap resource. It is bound to the
// cluster of the kubernetes provider it is applied with.
func (b *builder) configMapGrants(blk *hclext.Block) {
	var name, ns resolve.String
	var dataBlock *hclext.Block
	for _, nb := range blk.Body.Blocks {
		switch nb.Type {
		case "metadata":
			name = resolve.StringOf(b.r.Eval(blockAttr(nb, "name"), nil))
			ns = resolve.StringOf(b.r.Eval(blockAttr(nb, "namespace"), nil))
		case "data":
			dataBlock = nb
		}
	}
	if name.Kind != resolve.Known || name.Text != "aws-auth" || ns.Kind != resolve.Known || ns.Text != "kube-system" {
		return
	}
	c := b.providerCluster(providerRef(blockAttr(blk, "provider"), "kubernetes"))
	if c == nil {
		return
	}
	insts := b.instances(blk)
	for _, in := range insts {
		for _, key := range []struct {
			name string
			kind awsauth.Kind
		}{{"mapRoles", awsauth.RoleMapping}, {"mapUsers", awsauth.UserMapping}} {
			t := grantTemplate{source: blockAddr(blk) + " " + key.name, applied: true, maybe: in.maybe, rng: blk.DefRange}
			var e hcl.Expression
			if dataBlock != nil {
				e = blockAttr(dataBlock, key.name)
			} else if d := blockAttr(blk, "data"); d != nil {
				items, ok := b.mod.objectItems(d)
				if !ok {
					// data = some expression: read its value whole.
					v := b.r.Eval(d, in.scope)
					if s, ok := resolve.Attr(v, key.name); ok {
						t.rng = d.Range()
						b.addMappings(c, key.kind, s, true, t)
					} else if _, known := resolve.Keys(v); !known {
						c.Hidden = append(c.Hidden, t.source)
					}
					continue
				}
				e = items[key.name]
			}
			if e == nil {
				continue
			}
			t.rng = e.Range()
			if call, ok := e.(*hclsyntax.FunctionCallExpr); ok && (call.Name == "yamlencode" || call.Name == "jsonencode") && len(call.Args) == 1 && !call.ExpandFinal {
				t.list = call.Args[0]
				b.addMappings(c, key.kind, b.r.Eval(call.Args[0], in.scope), false, t)
				continue
			}
			b.addMappings(c, key.kind, b.r.Eval(e, in.scope), true, t)
		}
	}
}
