package model

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/awsauth"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

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
	// GroupsExpr and UserNameExpr are the expressions the groups and the
	// user name are written with, when they can be found; nil otherwise.
	GroupsExpr, UserNameExpr hcl.Expression
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

	// roleShape is, for a principal that is the arn of a role this
	// module's configuration names literally, that ARN with placeholders
	// for its partition and account; "" otherwise. See readRoleShapes.
	roleShape string
	// user is set for a principal that is the arn of an aws_iam_user
	// resource or data source: an IAM user's ARN, which never lets a
	// role in, whatever its name, partition or account.
	user bool

	// entryBlock is the aws_eks_access_entry block the grant is read from,
	// to join policy associations written against it.
	entryBlock *hclext.Block
	// frame is the local module call whose reading made the grant; nil
	// for a grant the module run makes itself (see Model.Reports).
	frame *frame
}

// Call is the address of the local module call that made the grant; ""
// for the module run's own.
func (g *Grant) Call() string { return g.frame.addr() }

func (g *Grant) callFrame() *frame { return g.frame }

// SourceRangeOr is where a finding about the whole grant points: the
// entry's own item where it is written as one, else its list.
func (g *Grant) SourceRangeOr() hcl.Range {
	if g.EntryRange.Filename != "" {
		return g.EntryRange
	}
	return g.SourceRange
}

// PrincipalRange is where a finding about the principal, or about the
// entry as a whole, points: the principal's expression when it is
// written as one, else the entry (SourceRangeOr). An expression, unlike
// a block's header, is what tflint can follow from a local child's
// variable to the caller's argument that sets it.
func (g *Grant) PrincipalRange() hcl.Range {
	if g.PrincipalExpr != nil {
		return g.PrincipalExpr.Range()
	}
	return g.SourceRangeOr()
}

// GroupRange is where the i-th Kubernetes group is written: its item of a
// literal list, else the expression of the groups, else the entry.
func (g *Grant) GroupRange(i int) hcl.Range {
	if g.GroupsExpr == nil {
		return g.SourceRangeOr()
	}
	if items, diags := hcl.ExprList(g.GroupsExpr); !diags.HasErrors() && len(items) == len(g.Groups) && i < len(items) {
		return items[i].Range()
	}
	return g.GroupsExpr.Range()
}

// UserNameRange is where the user name is written, else the entry.
func (g *Grant) UserNameRange() hcl.Range {
	if g.UserNameExpr != nil {
		return g.UserNameExpr.Range()
	}
	return g.SourceRangeOr()
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
	b.joinAssociations(assocs)
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
		UserName: resolve.String{Kind: resolve.Null}}
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
		} else if pe := b.mod.forItem(t.list, key); pe != nil {
			// Every item of a for expression has the principal its
			// value template writes.
			g.user = userExpr(pe)
		}
		c.Grants = append(c.Grants, g)
	}
	for i, p := range ms.Problems {
		// A list-level problem (a YAML error) leaves a grant-less marker so
		// rules can report it where it is written.
		g := t.grant(gk)
		g.Principal = resolve.String{Kind: resolve.Null}
		g.Problems = []string{p}
		g.ListIgnored = ms.Ignored && i == 0
		c.Grants = append(c.Grants, g)
	}
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
