package model

import (
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// ClusterKind says how a cluster is defined.
type ClusterKind int

const (
	// ModuleCluster is a call of terraform-aws-modules/eks.
	ModuleCluster ClusterKind = iota
	// ResourceCluster is an aws_eks_cluster resource.
	ResourceCluster
	// ExternalCluster is a cluster the module refers to but does not
	// define: by a literal or resolved name, a data "aws_eks_cluster", a
	// remote-state or module output. Its settings (authentication mode,
	// creator, version) are not known here, so access to it is never
	// decided, while grants to it are still checked for what they say
	// alone. Providers and grants that name it the same way share one
	// Cluster value.
	ExternalCluster
)

// Creator says what access the principal that created the cluster keeps.
type Creator int

const (
	// CreatorUnknown: the settings cannot be read.
	CreatorUnknown Creator = iota
	// CreatorImplicit: the creator holds an invisible admin binding
	// (bootstrap_cluster_creator_admin_permissions, the EKS default, and
	// every cluster made by module v17-v19).
	CreatorImplicit
	// CreatorApplier: module v20+ enable_cluster_creator_admin_permissions:
	// an access entry for whoever runs the apply, which moves when another
	// principal applies.
	CreatorApplier
	// CreatorNone: the creator has no access of its own.
	CreatorNone
)

// Mode is a cluster's authentication mode.
type Mode string

// Authentication modes; "" when unknown.
const (
	ConfigMap       Mode = "CONFIG_MAP"
	APIAndConfigMap Mode = "API_AND_CONFIG_MAP"
	API             Mode = "API"
)

// Cluster is an EKS cluster defined in the module, or one it refers to
// (ExternalCluster).
type Cluster struct {
	// Addr is the module call or resource address: module.eks,
	// aws_eks_cluster.this. An external cluster's is its quoted name
	// ("prod"), or the reference that names it when the name is not known
	// (data.terraform_remote_state.eks.outputs.cluster_name); "" when it
	// cannot be identified at all.
	Addr    string
	Kind    ClusterKind
	Version Version
	// Unreleased says, after the cluster's address, why the release of a
	// module cluster is not known and what to do: the settings that
	// default differently between releases (the mode, the creator's
	// access) are unknown until then. "" when the release is known.
	Unreleased string
	// Local is set for a module called by a local path: a wrapper, whose
	// defaults may differ from the registry module's.
	Local bool
	// Name is the cluster's name. An external cluster is identified by it:
	// Known text, or Named text with the references it is made of.
	Name resolve.String
	// DefRange is the block that defines the cluster; for an external
	// one, the first place the module names it, when known.
	DefRange hcl.Range
	// Maybe is true when count or for_each leaves it open whether the
	// cluster exists.
	Maybe bool
	Mode  Mode
	// ModeRange is where the authentication mode is set (or the block).
	ModeRange hcl.Range
	Creator   Creator
	// CreatorRange is where the creator setting is written (or the block).
	CreatorRange hcl.Range
	// AWS is the AWS provider the cluster is created with, whose principal
	// is the creator and, for CreatorApplier, the applier.
	AWS string
	// Grants are all grants bound to this cluster, applied or not.
	Grants []*Grant
	// Templates are values shared by every grant a template makes, made
	// today or not.
	Templates []*Template
	// inherited are, on this module's copy of a cluster defined in another
	// module, the grants that module writes (see Own).
	inherited map[*Grant]bool
	// Hidden lists grant sources whose entries cannot be read (a list from
	// a module output, a heredoc with directives): grants may exist that
	// the model does not see.
	Hidden []string
	// Why says, for an external cluster, why its access cannot be judged
	// here: where it is defined, as far as the module tells.
	Why string
	// Root is, for a cluster defined in another root module, that root's
	// directory as the configuration names it: ../cluster.
	Root string
	// Via says how a cluster defined in another module is reached from
	// this one: "via data.terraform_remote_state.eks.outputs.cluster_name",
	// "by its name \"prod\"". "" for a cluster defined here.
	Via string
}

// Own reports whether g is written in this module rather than in the
// other module that defines the cluster: grant-only findings are reported
// by the module that writes the grant, once.
func (c *Cluster) Own(g *Grant) bool { return !c.inherited[g] }

// Defined reports whether the cluster is defined in this module, rather
// than in a local child module or another root: only then are its
// settings and grants this module's to fix.
func (c *Cluster) Defined() bool { return c.Via == "" }

// Label names the cluster in a message, the same way in every rule: a
// cluster defined here or joined from elsewhere by its address
// ("EKS cluster module.eks", "EKS cluster module.eks of ../cluster (via
// data.terraform_remote_state.eks.outputs.cluster_name)"), one defined
// outside this module by its name (`EKS cluster "prod"`) or by what names
// it ("the EKS cluster named by var.cluster_name").
func (c *Cluster) Label() string {
	switch {
	case c.Kind == ExternalCluster && !c.Identified():
		return "an EKS cluster eksauth cannot identify"
	case c.Kind == ExternalCluster:
		if _, ok := c.NameRef(); ok {
			return ClusterNamed(c.Name)
		}
		return "EKS cluster " + c.Addr
	case c.Root != "":
		return "EKS cluster " + c.Addr + " of " + c.Root + " (" + c.Via + ")"
	case c.Via != "":
		return "EKS cluster " + c.Addr + " (" + c.Via + ")"
	}
	return "EKS cluster " + c.Addr
}

// ClusterNamed names the EKS cluster a name value stands for, when no
// cluster here has it: `EKS cluster "prod"`, "the EKS cluster named by
// var.cluster_name", "the EKS cluster data.aws_eks_cluster.this reads".
func ClusterNamed(v resolve.String) string {
	if ref, ok := symbol.Whole(v.Text); ok && v.Kind == resolve.Named {
		if strings.HasPrefix(ref, "data.aws_eks_cluster.") && strings.Count(ref, ".") == 2 {
			return "the EKS cluster " + msgtext.Value(ref) + " reads"
		}
		bare, whose := symbol.Owner(ref)
		return "the EKS cluster named by " + msgtext.Value(bare) + whose
	}
	if v.Kind == resolve.Known || v.Kind == resolve.Named {
		return "EKS cluster " + msgtext.Quote(shortName(symbol.Display(v.Text)))
	}
	return "an EKS cluster whose name is " + v.Display()
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
		if !c.Version.Known {
			c.Unreleased = unknownRelease(blk, src)
		}
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
			if ac.Type == "dynamic" && len(ac.Labels) == 1 && ac.Labels[0] == "access_config" {
				// Whether the block exists, and what it sets, depends
				// on its for_each: the mode and the creator's access
				// are not known, rather than the defaults.
				c.Mode, c.ModeRange = "", ac.DefRange
				c.Creator, c.CreatorRange = CreatorUnknown, ac.DefRange
				continue
			}
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

// unknownRelease says why the release of a call of
// terraform-aws-modules/eks is not known, and how to make it known, after
// the call's address (added where it is told: a child's cluster is named
// by its path from the caller there).
func unknownRelease(blk *hclext.Block, src string) string {
	const unknown = ", so its defaults are unknown"
	s := strings.ToLower(src)
	switch {
	case isLocalSource(s):
		return "is a local module whose release of terraform-aws-modules/eks neither a version nor its inputs tell" + unknown
	case strings.Contains(s, "terraform-aws-modules/terraform-aws-eks"):
		return "is read from git without a release tag" + unknown + "; pin one with ?ref=vX.Y.Z"
	case blockAttr(blk, "version") == nil:
		return "pins no version" + unknown + "; pin a version"
	}
	return "has a version constraint that allows releases with different defaults" + unknown + "; pin a version"
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

// clusterFrom follows a named value to a cluster: module.eks.X to the
// module call, aws_eks_cluster.X.Y to the resource, data.aws_eks_cluster.X.Y
// to whatever its name is; a name no cluster here has to an external one.
func (b *builder) clusterFrom(r *resolve.Resolver, e hcl.Expression, depth int) (*Cluster, string) {
	if e == nil {
		return nil, "no cluster name is given"
	}
	if depth > 4 {
		return nil, "the cluster name refers to itself"
	}
	return b.clusterAt(r, resolve.StringOf(r.Eval(e, nil)), depth, e.Range(), false)
}

// hostCluster follows a provider's host to a cluster: the endpoint of one
// defined here, or of a data "aws_eks_cluster" and so of the cluster it
// names. A host is not a name, so it never names an external cluster by
// itself.
func (b *builder) hostCluster(r *resolve.Resolver, e hcl.Expression) (*Cluster, string) {
	if e == nil {
		return nil, "no host is given"
	}
	return b.clusterAt(r, resolve.StringOf(r.Eval(e, nil)), 0, e.Range(), true)
}

// clusterOf finds the cluster an evaluated name refers to.
func (b *builder) clusterOf(r *resolve.Resolver, v resolve.String, depth int) (*Cluster, string) {
	return b.clusterAt(r, v, depth, hcl.Range{}, false)
}

// clusterAt finds the cluster an evaluated name (or host) written at rng
// refers to: one defined here, else an external one when the name says
// which, else none and why.
func (b *builder) clusterAt(r *resolve.Resolver, v resolve.String, depth int, rng hcl.Range, host bool) (*Cluster, string) {
	why := "the cluster is not defined in this module"
	if v.Kind == resolve.Named {
		if c := b.fromCaller(v, depth, rng, host); c != nil {
			return c, ""
		}
	}
	if ref, ok := symbol.Whole(v.Text); ok && v.Kind == resolve.Named {
		t, diags := hclsyntax.ParseTraversalAbs([]byte(ref), "", hcl.InitialPos)
		if !diags.HasErrors() {
			pr := resolve.ParseRef(t)
			switch {
			case pr.Mode == resolve.ModuleCall:
				if c := b.m.Cluster("module." + pr.Name); c != nil {
					return c, ""
				}
				why = "the cluster comes from module." + pr.Name + ", which eksauth does not recognise as terraform-aws-modules/eks"
			case pr.Mode == resolve.Resource && pr.Type == "aws_eks_cluster":
				if c := b.m.Cluster(pr.Type + "." + pr.Name); c != nil {
					return c, ""
				}
			case pr.Mode == resolve.Data && pr.Type == "aws_eks_cluster":
				if d := b.mod.data["data.aws_eks_cluster."+pr.Name]; d != nil {
					if depth > 4 {
						return nil, "the cluster name refers to itself"
					}
					e := blockAttr(d, "name")
					if name := resolve.StringOf(r.Eval(e, nil)); e != nil && (name.Kind == resolve.Known || name.Kind == resolve.Named) {
						return b.clusterAt(r, name, depth+1, e.Range(), false)
					}
					// Its name cannot be read: the data source itself is
					// what others that read it share.
					addr := "data.aws_eks_cluster." + pr.Name
					return b.external(resolve.String{Kind: resolve.Named, Text: symbol.Wrap(addr)},
						"the cluster "+addr+" reads is not defined in this module, and its name cannot be resolved", d.DefRange), ""
				}
			case pr.Mode == resolve.Data && (pr.Type == "tfe_outputs" || pr.Type == "terraform_remote_state"):
				// Another HCP Terraform workspace's outputs; another root's
				// state is followed below. What cannot be followed is an
				// external cluster known by the reference.
				why = "the cluster comes from " + symbol.Display(v.Text) + ", outside this module"
				if c, w, ok := b.remoteCluster(r, pr); ok {
					switch {
					case c != nil:
						return c, ""
					case host:
						return nil, w
					}
					return b.external(v, w, rng), ""
				}
			case pr.Mode == resolve.Variable:
				// A variable with no value: match clusters named by the same variable.
			default:
				why = "the cluster comes from " + symbol.Display(v.Text) + ", outside this module"
			}
		}
	}
	switch v.Kind {
	case resolve.Known, resolve.Named:
		var match *Cluster
		for _, c := range b.m.Clusters {
			if c.Kind != ExternalCluster && (c.Name.Kind == resolve.Known || c.Name.Kind == resolve.Named) && c.Name.Text == v.Text {
				if match != nil {
					return nil, "several clusters are named " + v.Display()
				}
				match = c
			}
		}
		if match != nil {
			return match, ""
		}
		if v.Kind == resolve.Known {
			if c := b.fromCaller(v, depth, rng, host); c != nil {
				return c, ""
			}
		}
		if !host {
			if c, childWhy, ok := b.childNamed(v); ok {
				if c != nil {
					return c, ""
				}
				why = childWhy
			}
		}
		// Defined in another module or root that eksauth can read: the
		// join brings its settings and grants in.
		if c, elseWhy, ok := b.elsewhere(v); ok {
			if c != nil {
				return c, ""
			}
			why = elseWhy
		}
		if host {
			return nil, "the host " + v.Display() + " is not the endpoint of a cluster eksauth can follow"
		}
		return b.external(v, why, rng), ""
	case resolve.Sensitive:
		return nil, "the cluster name is sensitive"
	}
	return nil, "the cluster name cannot be resolved"
}

// childNamed finds the one cluster a local child module defines under the
// name v: a wrapper that calls terraform-aws-modules/eks with the name its
// caller passes, while the caller reads the cluster by the same name
// (data "aws_eks_cluster_auth" { name = var.cluster_name }). A name its
// caller passes down as a reference matches the child's name made of the
// same reference. ok is false when no child has a cluster of that name;
// several make the answer unknown rather than a guess.
func (b *builder) childNamed(v resolve.String) (*Cluster, string, bool) {
	if _, ok := b.reader(); !ok {
		return nil, "", false
	}
	want := v
	if v.Kind == resolve.Named {
		// The child holds the caller's references marked as the caller's.
		want.Text = markCaller(cty.StringVal(v.Text)).AsString()
	}
	var found *Cluster
	var in string
	for _, call := range b.mod.modules {
		if len(call.Labels) != 1 || !isLocalSource(literalString(blockAttr(call, "source"))) {
			continue
		}
		if k, _ := moduleKind(call); k != notEKS || blockAttr(call, "count") != nil || blockAttr(call, "for_each") != nil {
			// A wrapper read as the cluster itself, or a call whose
			// instances are not read.
			continue
		}
		var ch *child
		b.prefixNew(call, func() { ch = b.readChild(call) })
		if ch.root == nil {
			continue
		}
		for _, c := range ch.root.Model.Clusters {
			if c.Kind == ExternalCluster || !c.Defined() || c.Name.Kind != want.Kind || c.Name.Text != want.Text {
				continue
			}
			if found != nil && found != c {
				return nil, "several local modules define a cluster named " + v.Display(), true
			}
			found, in = c, "module."+call.Labels[0]+"."
		}
	}
	if found == nil {
		return nil, "", false
	}
	via := "by its name " + msgtext.Quote(shortName(v.Text))
	if v.Kind == resolve.Named {
		via = "by its name " + v.Display()
	}
	return b.join(found, "", in+found.Addr, via), "", true
}

// Identified reports whether an external cluster is known by a name or a
// reference, so that others naming it the same way reach the same cluster.
// Clusters defined in the module are always identified.
func (c *Cluster) Identified() bool {
	return c.Kind != ExternalCluster || c.Addr != ""
}

// KnownName is the cluster's literal name, when it is known: what a
// sibling configuration that defines the cluster would call it too.
func (c *Cluster) KnownName() (string, bool) {
	if c.Name.Kind != resolve.Known {
		return "", false
	}
	return c.Name.Text, true
}

// NameRef is the one reference the cluster's name is, when it is no more
// than that: var.cluster_name, module.platform.cluster_name,
// data.terraform_remote_state.eks.outputs.cluster_name,
// data.aws_eks_cluster.this (whose name cannot be read).
func (c *Cluster) NameRef() (string, bool) {
	if c.Name.Kind != resolve.Named {
		return "", false
	}
	return symbol.Whole(c.Name.Text)
}

// Describe is Label, saying also where a cluster lives that this module
// does not define, when its name does not say it: `EKS cluster "prod"
// (defined outside this module)`, "an EKS cluster eksauth cannot identify
// (it is applied with provider kubernetes, ...)".
func (c *Cluster) Describe() string {
	switch {
	case c.Kind != ExternalCluster:
		return c.Label()
	case !c.Identified():
		return c.Label() + " (" + c.Why + ")"
	}
	if _, ok := c.NameRef(); ok {
		return c.Label()
	}
	return c.Label() + " (defined outside this module)"
}

// ExternalClusters are the clusters the module names but does not define,
// each identified by name or reference: what a sibling configuration's
// model is joined on.
func (m *Model) ExternalClusters() []*Cluster {
	var out []*Cluster
	for _, c := range m.Clusters {
		if c.Kind == ExternalCluster && c.Identified() {
			out = append(out, c)
		}
	}
	return out
}

// ExternalCluster returns the external cluster named by name (Known or
// Named, as Cluster.Name holds it), or nil.
func (m *Model) ExternalCluster(name resolve.String) *Cluster {
	for _, c := range m.Clusters {
		if c.Kind == ExternalCluster && c.Identified() && c.Name.Kind == name.Kind && c.Name.Text == name.Text {
			return c
		}
	}
	return nil
}

// external returns the one external cluster named by v (Known or Named),
// adding it on first mention.
func (b *builder) external(v resolve.String, why string, at hcl.Range) *Cluster {
	if b.lookingUp {
		return nil
	}
	if c := b.m.ExternalCluster(v); c != nil {
		if c.DefRange.Filename == "" {
			c.DefRange = at
		}
		return c
	}
	addr := strconv.Quote(shortName(symbol.Display(v.Text)))
	if ref, ok := symbol.Whole(v.Text); ok && v.Kind == resolve.Named {
		addr = symbol.Ref(ref)
	}
	c := &Cluster{Addr: addr, Kind: ExternalCluster, Name: resolve.String{Kind: v.Kind, Text: v.Text, From: v.From},
		DefRange: at, ModeRange: at, CreatorRange: at, Creator: CreatorUnknown, Why: why}
	b.m.Clusters = append(b.m.Clusters, c)
	return c
}

// unidentified returns an external cluster that cannot be identified, for
// the grants of one source: they are still checked for what they say
// alone, and join nothing else. One per source and reason.
func (b *builder) unidentified(source, why string, at hcl.Range) *Cluster {
	k := source + "\x00" + why
	if c, ok := b.unplaced[k]; ok {
		return c
	}
	c := &Cluster{Kind: ExternalCluster, DefRange: at, ModeRange: at, CreatorRange: at, Creator: CreatorUnknown, Why: why,
		Name: resolve.String{Kind: resolve.Unknown}}
	if b.unplaced == nil {
		b.unplaced = map[string]*Cluster{}
	}
	b.unplaced[k] = c
	b.m.Clusters = append(b.m.Clusters, c)
	return c
}

// writtenCluster is the cluster a resource or module applied with the
// kubernetes provider configuration named provider writes to: the
// provider's cluster, or, when that cannot be told, a cluster of its own
// that says why.
func (b *builder) writtenCluster(provider, source string, at hcl.Range) *Cluster {
	for _, p := range b.m.Providers {
		if p.Name() == provider {
			c, why := b.providerClusterOf(p, b.m.Contexts[0])
			if c != nil {
				return c
			}
			return b.unidentified(source, "it is applied with provider "+provider+", whose cluster cannot be told: "+why, at)
		}
	}
	return b.unidentified(source, "it is applied with provider "+provider+", which this module does not configure", at)
}

// hideUnplaced keeps the answers of clusters defined here open where a
// grant may reach them unseen: a grant whose cluster cannot be
// identified, or any grant to an external cluster when a defined
// cluster's own name cannot be read to tell the two apart.
func (b *builder) hideUnplaced() {
	for _, x := range b.m.Clusters {
		if x.Kind != ExternalCluster {
			continue
		}
		note := " (its cluster cannot be identified)"
		if x.Identified() {
			note = " (for " + x.Addr + ", which may be this cluster)"
		}
		var sources []string
		seen := map[string]bool{}
		for _, g := range x.Grants {
			s := g.Source
			if i := strings.IndexByte(s, '['); i > 0 {
				s = s[:i]
			}
			if g.Applied && !seen[s] {
				seen[s] = true
				sources = append(sources, s+note)
			}
		}
		for _, c := range b.m.Clusters {
			if c.Kind == ExternalCluster || x.Identified() && (c.Name.Kind == resolve.Known || c.Name.Kind == resolve.Named) {
				continue
			}
			c.Hidden = append(c.Hidden, sources...)
		}
	}
}

// maxNameRunes bounds how much of a name from the configuration a message
// repeats: EKS cluster names have at most 100 characters, and a value from
// a variable can be any size.
const maxNameRunes = 100

func shortName(s string) string {
	if r := []rune(s); len(r) > maxNameRunes {
		return string(r[:maxNameRunes]) + "…"
	}
	return s
}
