package model

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

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

// Cluster is an EKS cluster defined in the module.
type Cluster struct {
	// Addr is the module call or resource address: module.eks, aws_eks_cluster.this.
	Addr    string
	Kind    ClusterKind
	Version Version
	// Local is set for a module called by a local path: a wrapper, whose
	// defaults may differ from the registry module's.
	Local    bool
	Name     resolve.String
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
	// Hidden lists grant sources whose entries cannot be read (a list from
	// a module output, a heredoc with directives): grants may exist that
	// the model does not see.
	Hidden []string
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
