package model

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/awsauth"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// configMapGrants reads an aws-auth ConfigMap resource. It is bound to the
// cluster of the kubernetes provider it is applied with, known or not.
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
	c := b.writtenCluster(providerRef(blockAttr(blk, "provider"), "kubernetes"), blockAddr(blk), blk.DefRange)
	for _, key := range []struct {
		name string
		kind GrantKind
	}{{"mapRoles", MapRole}, {"mapUsers", MapUser}} {
		var e hcl.Expression
		if dataBlock != nil {
			e = blockAttr(dataBlock, key.name)
		} else {
			e = mapItem(b.mod, blockAttr(blk, "data"), key.name)
		}
		if call, ok := e.(*hclsyntax.FunctionCallExpr); ok && (call.Name == "yamlencode" || call.Name == "jsonencode") && len(call.Args) == 1 {
			b.readTemplates(c, key.kind, blockAddr(blk)+" "+key.name, call.Args[0])
		}
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
			if call, ok := unwrapTemplate(e).(*hclsyntax.FunctionCallExpr); ok && (call.Name == "yamlencode" || call.Name == "jsonencode") && len(call.Args) == 1 && !call.ExpandFinal {
				t.list = call.Args[0]
				b.addMappings(c, key.kind, b.r.Eval(call.Args[0], in.scope), false, t)
				continue
			}
			b.addMappings(c, key.kind, b.r.Eval(e, in.scope), true, t)
		}
	}
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
