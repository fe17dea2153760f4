package model

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
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
	// Hidden lists grant sources whose entries cannot be read (a list from
	// a module output, a heredoc with directives): grants may exist that
	// the model does not see.
	Hidden []string
}

// GrantKind is the mechanism of a grant.
type GrantKind int

const (
	// MapRole is an aws-auth mapRoles entry (rolearn).
	MapRole GrantKind = iota
	// MapUser is an aws-auth mapUsers entry (userarn).
	MapUser
	// AccessEntry is an EKS access entry.
	AccessEntry
)

func (k GrantKind) String() string {
	switch k {
	case MapRole:
		return "mapRoles"
	case MapUser:
		return "mapUsers"
	}
	return "access entry"
}

// Grant is one principal given access to a cluster.
type Grant struct {
	Kind      GrantKind
	Principal resolve.String
	// PrincipalExpr is the expression the principal is written with, when
	// it can be found (an HCL list or map item, an attribute); nil inside
	// YAML text or values computed by functions.
	PrincipalExpr hcl.Expression
	// Source names where the grant is written: "module.eks aws_auth_roles",
	// "aws_eks_access_entry.ci", "kubernetes_config_map_v1_data.aws_auth mapRoles".
	Source string
	// Range is the principal's expression, or the list it is part of.
	Range hcl.Range
	// SourceRange is the whole list, map or attribute the grant is part of.
	SourceRange hcl.Range
	// EntryRange is the grant's own item (a map entry, a resource block);
	// empty when it has none of its own.
	EntryRange hcl.Range
	// Applied is false when settings keep the grant from ever reaching the
	// cluster (manage_aws_auth_configmap = false, authentication_mode = API).
	Applied bool
	// NotApplied says why Applied is false.
	NotApplied string
	// Maybe is true when count or for_each leaves it open whether the grant exists.
	Maybe bool
	// Node marks node and Fargate roles: they let kubelets in, not people.
	Node bool
	// Type is the access entry type (STANDARD, EC2_LINUX, ...); "" when unknown.
	Type string
	// Groups are the Kubernetes groups, as far as known.
	Groups      []string
	GroupsKnown bool
	// UserName is the Kubernetes user name; Kind Null when unset.
	UserName resolve.String
	// Policies is the number of access policy associations, as far as
	// PoliciesKnown says it is known: an association that cannot be read
	// may be one of the entry's.
	Policies      int
	PoliciesKnown bool
	// Problems are things about the entry that make it grant less than it
	// seems (keys aws-auth ignores, keys the module drops).
	Problems []string
	// ListIgnored marks the grant-less stand-in for an aws-auth list that
	// aws-auth ignores whole (YAML it cannot parse, a value that is not a
	// list); Problems says why.
	ListIgnored bool

	// entryBlock is the aws_eks_access_entry block the grant is read from,
	// to join policy associations written against it.
	entryBlock *hclext.Block
}

// Effective reports whether the grant reaches the cluster under its
// authentication mode.
func (c *Cluster) effective(g *Grant) bool {
	if !g.Applied {
		return false
	}
	switch c.Mode {
	case ConfigMap:
		return g.Kind != AccessEntry
	case API:
		return g.Kind == AccessEntry
	}
	return true
}

// SourceRangeOr is where a finding about the whole grant points: the
// entry's own item where it is written as one, else its list.
func (g *Grant) SourceRangeOr() hcl.Range {
	if g.EntryRange.Filename != "" {
		return g.EntryRange
	}
	return g.SourceRange
}
