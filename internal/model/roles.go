package model

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// readRoleShapes gives each grant read in this module whose principal is
// aws_iam_role.NAME.arn or data.aws_iam_role.NAME.arn, for a role this
// module names literally, the shape of that role's ARN: its partition
// and account are unknown before apply, but its name is not, and a role
// of another name can never match the grant in any account. Grants of
// other modules are theirs to read against their own configuration.
func (b *builder) readRoleShapes() {
	for _, c := range b.m.Clusters {
		for _, g := range c.Grants {
			if c.Own(g) && g.roleShape == "" {
				g.roleShape = b.roleShape(g.Principal)
			}
			g.user = g.user || userARN(g.Principal) || userExpr(g.PrincipalExpr)
		}
	}
}

// roleShape is the ARN of the role principal names, with placeholders for
// what is not known, or "" when it names no role of this module with a
// literal name (a name_prefix or computed name, count or for_each, a path
// that is not literal).
func (b *builder) roleShape(principal resolve.String) string {
	if principal.Kind != resolve.Named {
		return ""
	}
	ref, ok := symbol.Whole(principal.Text)
	if !ok {
		return ""
	}
	t, diags := hclsyntax.ParseTraversalAbs([]byte(ref), "", hcl.InitialPos)
	if diags.HasErrors() {
		return ""
	}
	r := resolve.ParseRef(t)
	if r.Type != "aws_iam_role" || r.Key != cty.NilVal || r.Attr != "arn" {
		return ""
	}
	var blk *hclext.Block
	switch r.Mode {
	case resolve.Resource:
		if len(t) != 3 {
			return ""
		}
		for _, res := range b.mod.resources {
			if len(res.Labels) == 2 && res.Labels[0] == r.Type && res.Labels[1] == r.Name {
				blk = res
			}
		}
	case resolve.Data:
		if len(t) != 4 {
			return ""
		}
		blk = b.mod.data["data.aws_iam_role."+r.Name]
	}
	if blk == nil || blockAttr(blk, "count") != nil || blockAttr(blk, "for_each") != nil {
		return ""
	}
	name := literalString(blockAttr(blk, "name"))
	if name == "" || strings.ContainsAny(name, "/:") || symbol.Contains(name) {
		return ""
	}
	// A role resource's path defaults to "/". A data source's role has
	// whatever path it has: "/" stands for it, which cannot make a match
	// that would not otherwise be, as the account is unknown anyway.
	path := "/"
	if e := blockAttr(blk, "path"); e != nil && r.Mode == resolve.Resource {
		path = literalString(e)
		if !strings.HasPrefix(path, "/") || !strings.HasSuffix(path, "/") || strings.Contains(path, ":") || symbol.Contains(path) {
			return ""
		}
	}
	unknown := func(part string) string { return symbol.Wrap(ref + " " + part) }
	return "arn:" + unknown("partition") + ":iam::" + unknown("account") + ":role" + path + name
}

// userARN reports whether principal is the arn attribute of an
// aws_iam_user resource or data source (any instance of it): the ARN of
// an IAM user, whatever else about it is unknown before apply.
func userARN(principal resolve.String) bool {
	if principal.Kind != resolve.Named {
		return false
	}
	ref, ok := symbol.Whole(principal.Text)
	if !ok {
		return false
	}
	t, diags := hclsyntax.ParseTraversalAbs([]byte(ref), "", hcl.InitialPos)
	if diags.HasErrors() {
		return false
	}
	r := resolve.ParseRef(t)
	if r.Type != "aws_iam_user" || r.Attr != "arn" {
		return false
	}
	// The traversal ends at the attribute: aws_iam_user.x.arn,
	// aws_iam_user.x[0].arn, data.aws_iam_user.x.arn.
	last, ok := t[len(t)-1].(hcl.TraverseAttr)
	return ok && last.Name == "arn" && (r.Mode == resolve.Resource || r.Mode == resolve.Data)
}

// userExpr reports whether e is written as the arn of an aws_iam_user
// resource or data source, an instance of it chosen by any key included:
// data.aws_iam_user.admin[name].arn in a for expression has no value
// before the for runs, yet is a user's ARN for every key.
func userExpr(e hcl.Expression) bool {
	switch x := e.(type) {
	case *hclsyntax.ScopeTraversalExpr:
		return userARN(resolve.String{Kind: resolve.Named, Text: symbol.Wrap(resolve.TraversalString(x.Traversal))})
	case *hclsyntax.RelativeTraversalExpr:
		if len(x.Traversal) != 1 {
			return false
		}
		if a, ok := x.Traversal[0].(hcl.TraverseAttr); !ok || a.Name != "arn" {
			return false
		}
		ix, ok := x.Source.(*hclsyntax.IndexExpr)
		if !ok {
			return false
		}
		c, ok := ix.Collection.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return false
		}
		r := resolve.ParseRef(c.Traversal)
		n := 2
		if r.Mode == resolve.Data {
			n = 3
		}
		return r.Type == "aws_iam_user" && (r.Mode == resolve.Resource || r.Mode == resolve.Data) && len(c.Traversal) == n
	}
	return false
}

// isRole reports whether caller is a role, or a session of one.
func isRole(caller arn.Principal) bool {
	return caller.Kind == arn.Role || caller.Kind == arn.AssumedRole
}

// matchShape narrows a grant's cannot-tell answer with the shape of the
// role it names: only to No, never to Yes, since the shape's account and
// partition are not known.
func matchShape(caller arn.Principal, g *Grant, r arn.Result, match func(arn.Principal, string) arn.Result) arn.Result {
	if r != arn.Unknown {
		return r
	}
	if g.roleShape == "" {
		return r
	}
	if match(caller, g.roleShape) == arn.No {
		return arn.No
	}
	return r
}
