package model

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// accessEntryResource adds aws_eks_access_entry instances.
func (b *builder) accessEntryResource(blk *hclext.Block) {
	b.resourceTemplates(blk)
	for _, in := range b.instances(blk) {
		c, why := b.clusterFromScope(blockAttr(blk, "cluster_name"), in.scope)
		if c == nil {
			c = b.unidentified(blockAddr(blk), why, blk.DefRange)
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
			g.GroupsExpr = e
		} else {
			g.GroupsKnown = true
		}
		if e := blockAttr(blk, "user_name"); e != nil {
			g.UserName = resolve.StringOf(b.r.Eval(e, in.scope))
			g.UserNameExpr = e
		}
		g.Node = isNodeType(g.Type)
		g.entryBlock = blk
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

// clusterFromScope finds the cluster a cluster_name argument names: one
// defined here or an external one; nil, and why, when the name cannot be
// read.
func (b *builder) clusterFromScope(e hcl.Expression, scope resolve.Scope) (*Cluster, string) {
	if e == nil {
		return nil, "no cluster_name"
	}
	if scope != nil {
		// Names from each.value etc. are evaluated in the instance's scope.
		return b.clusterAt(b.r, resolve.StringOf(b.r.Eval(e, scope)), 0, e.Range(), false)
	}
	return b.clusterFrom(b.r, e, 0)
}

// joinAssociations counts each access entry's policy associations written
// as resources. They count for entries made by the module too, when the
// module gives them none of its own.
func (b *builder) joinAssociations(assocs []association) {
	for _, c := range b.m.Clusters {
		for _, g := range c.Grants {
			if g.Kind == AccessEntry && (g.entryBlock != nil || g.PoliciesKnown && g.Policies == 0) {
				g.Policies, g.PoliciesKnown = policiesFor(c, g, assocs)
			}
		}
	}
	// The entries a child read from its caller writes for the caller's
	// clusters, which the caller has joined to its own associations
	// already.
	mine := map[*hclext.Block]bool{}
	for _, blk := range b.mod.resources {
		mine[blk] = true
	}
	for x := b.calling; x != nil; {
		for _, c := range x.caller.m.Clusters {
			for _, g := range c.Grants {
				switch {
				case g.Kind != AccessEntry:
				case mine[g.entryBlock]:
					g.Policies, g.PoliciesKnown = policiesFor(c, g, assocs)
				case len(assocs) > 0:
					// The caller's own entry, counted there: an
					// association here may be one of its too.
					n, known := policiesFor(c, &Grant{Principal: g.Principal}, assocs)
					g.Policies += n
					g.PoliciesKnown = g.Policies > 0 || g.PoliciesKnown && known
				}
			}
		}
		x = x.caller.calling
	}
}

// policiesFor counts the policy associations of a resource access entry:
// those for the same cluster and principal, or written against the entry
// itself (principal_arn = aws_eks_access_entry.x.principal_arn). The count
// is not known when it is zero and an association that cannot be read
// might be one of them.
func policiesFor(c *Cluster, g *Grant, assocs []association) (n int, known bool) {
	unknown := false
	self := "\x00"
	if g.entryBlock != nil {
		self = blockAddr(g.entryBlock) + "."
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
		case a.cluster != c && otherCluster(a.cluster, c):
		case a.cluster != c:
			// Two values that may stand for one cluster: it may be this
			// entry's.
			unknown = true
		case p.Text == g.Principal.Text:
			n++
		default:
			// A reference on either side may name the same role.
			unknown = true
		}
	}
	return n, n > 0 || !unknown
}

// resourceEntry finds the aws_eks_access_entry grant with the address
// parts ["aws_eks_access_entry", NAME].
func (c *Cluster) resourceEntry(parts []string) *Grant {
	if len(parts) != 2 {
		return nil
	}
	for _, g := range c.Grants {
		if g.entryBlock != nil && blockAddr(g.entryBlock) == parts[0]+"."+parts[1] {
			return g
		}
	}
	return nil
}

// otherCluster reports whether two cluster values are provably different
// clusters: two clusters defined in the configuration, or two whose
// literal names differ. An external cluster known by a reference may be
// any cluster, a defined one included.
func otherCluster(a, b *Cluster) bool {
	if a == b {
		return false
	}
	if a.Kind != ExternalCluster && b.Kind != ExternalCluster {
		// A copy of a cluster joined from elsewhere has its address.
		return a.Addr != b.Addr || a.Root != b.Root
	}
	return a.Name.Kind == resolve.Known && b.Name.Kind == resolve.Known && a.Name.Text != b.Name.Text
}
