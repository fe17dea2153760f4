package model

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/awsauth"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
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
	if name.Kind != resolve.Known || name.Text == "aws-auth" && ns.Kind != resolve.Known {
		// It may be aws-auth, and is not read as one.
		b.m.awsAuth = true
	}
	if name.Kind != resolve.Known || name.Text != "aws-auth" || ns.Kind != resolve.Known || ns.Text != "kube-system" {
		return
	}
	c := b.writtenCluster(providerRef(blockAttr(blk, "provider"), "kubernetes"), blockAddr(blk), blk.DefRange)
	b.writesAWSAuth(c)
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

// writesAWSAuth notes that the module writes aws-auth to c, the cluster
// writtenCluster found: one that cannot be told (a cluster of its own,
// external) leaves its caller's clusters open.
func (b *builder) writesAWSAuth(c *Cluster) {
	if c == nil || c.Kind == ExternalCluster {
		b.m.awsAuth = true
	}
}

// manifestMayGrant marks an aws-auth ConfigMap written as a raw manifest
// (kubectl_manifest, kubernetes_manifest): possible, not read. A manifest
// whose written parts show it is something else (a kind other than
// ConfigMap, another name or namespace) hides nothing, nor does one that
// count or for_each switch off: Karpenter's node classes are written this
// way, and taking them for aws-auth hid every verdict on their cluster.
func (b *builder) manifestMayGrant(blk *hclext.Block) {
	e, yamlBody := blockAttr(blk, "yaml_body"), true
	if e == nil {
		e, yamlBody = blockAttr(blk, "manifest"), false
	}
	if e == nil {
		return
	}
	insts := b.instances(blk)
	if len(insts) == 0 {
		return
	}
	// One evaluation for all instances: where they differ, count.index
	// and each are unknown, and so are the parts built from them.
	scope := insts[0].scope
	if len(insts) > 1 {
		scope = resolve.Scope{
			"count": cty.ObjectVal(map[string]cty.Value{"index": cty.UnknownVal(cty.Number)}),
			"each":  cty.ObjectVal(map[string]cty.Value{"key": cty.UnknownVal(cty.String), "value": cty.DynamicVal}),
		}
	}
	var v cty.Value
	if yamlBody {
		if call, ok := unwrapTemplate(e).(*hclsyntax.FunctionCallExpr); ok && (call.Name == "yamlencode" || call.Name == "jsonencode") && len(call.Args) == 1 && !call.ExpandFinal {
			v = b.r.Eval(call.Args[0], scope)
			if knownElse(v) {
				return
			}
		} else if text, ok := b.manifestText(e, scope); ok {
			if symbol.Contains(text) || strings.Contains(text, "aws-auth") {
				v, _ = awsauth.Document(text)
			} else {
				return
			}
		}
	} else if v = b.r.Eval(e, scope); knownElse(v) {
		return
	}
	if notAWSAuth(v) {
		return
	}
	def := "kubectl"
	if blk.Labels[0] == "kubernetes_manifest" {
		def = "kubernetes"
	}
	// A provider this module does not configure (inherited from its
	// caller) has no cluster here: the manifest may then write the
	// caller's, which must stay open as for a ConfigMap resource.
	c := b.providerCluster(providerRef(blockAttr(blk, "provider"), def))
	b.writesAWSAuth(c)
	if c != nil {
		c.Hidden = append(c.Hidden, blockAddr(blk)+" (a manifest that may be aws-auth)")
	}
}

// knownElse reports whether a manifest's value is known whole, with no
// placeholder, and aws-auth is nowhere in it.
func knownElse(v cty.Value) bool {
	return resolve.Usable(v) && !strings.Contains(v.GoString(), "aws-auth")
}

// manifestText is the text of a YAML manifest with a placeholder for each
// part that is not known. A template that does not evaluate whole (a
// function of an unknown value in it) is read part by part.
func (b *builder) manifestText(e hcl.Expression, scope resolve.Scope) (string, bool) {
	if s := resolve.StringOf(b.r.Eval(e, scope)); s.Kind == resolve.Known || s.Kind == resolve.Named {
		return s.Text, true
	}
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		return "", false
	}
	var text strings.Builder
	for i, p := range t.Parts {
		if s := resolve.StringOf(b.r.Eval(p, scope)); s.Kind == resolve.Known || s.Kind == resolve.Named {
			text.WriteString(s.Text)
		} else {
			text.WriteString(symbol.Wrap(fmt.Sprintf("part %d of the template", i)))
		}
	}
	return text.String(), true
}

// notAWSAuth reports whether the written parts of a manifest show that it
// is not the aws-auth ConfigMap: its kind, or its metadata's name or
// namespace, is known and something else. A part that holds a placeholder
// is not known, nor is anything in a mapping one of whose keys does (the
// key could turn out to be "kind" or "name" once known).
func notAWSAuth(v cty.Value) bool {
	literal := func(obj cty.Value, name string) (string, bool) {
		f, ok := resolve.Attr(obj, name)
		if !ok {
			return "", false
		}
		s := resolve.StringOf(f)
		return s.Text, s.Kind == resolve.Known
	}
	if v == cty.NilVal {
		return false
	}
	if !plainKeys(v) {
		return false
	}
	if kind, ok := literal(v, "kind"); ok && kind != "ConfigMap" {
		return true
	}
	md, ok := resolve.Attr(v, "metadata")
	if !ok || !plainKeys(md) {
		return false
	}
	if name, ok := literal(md, "name"); ok && name != "aws-auth" {
		return true
	}
	ns, ok := literal(md, "namespace")
	return ok && ns != "kube-system"
}

// plainKeys reports whether v is a known object or map whose keys hold no
// placeholder and no YAML merge key.
func plainKeys(v cty.Value) bool {
	keys, ok := resolve.Keys(v)
	if !ok {
		return false
	}
	for _, k := range keys {
		if symbol.Contains(k) || k == "<<" {
			return false
		}
	}
	return true
}
