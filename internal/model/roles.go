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

// matchShape narrows a grant's cannot-tell answer with the shape of the
// role it names: only to No, never to Yes, since the shape's account and
// partition are not known.
func matchShape(caller arn.Principal, g *Grant, r arn.Result, match func(arn.Principal, string) arn.Result) arn.Result {
	if r != arn.Unknown || g.roleShape == "" {
		return r
	}
	if match(caller, g.roleShape) == arn.No {
		return arn.No
	}
	return r
}
