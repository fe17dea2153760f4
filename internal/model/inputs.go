package model

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/awsauth"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

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
	for _, input := range []struct {
		name string
		kind GrantKind
	}{{"map_roles", MapRole}, {"map_users", MapUser}, {"aws_auth_roles", MapRole}, {"aws_auth_users", MapUser}, {"access_entries", AccessEntry}} {
		b.readTemplates(c, input.kind, addr+" "+input.name, blockAttr(blk, input.name))
	}
	if c.Local && mentionsAWSAuth(blk) {
		// A wrapper may write aws-auth its own way besides the inputs
		// read here. The registry module writes what they say, to c.
		b.m.awsAuth = true
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
				g.byFlags(manage, mk, create, ck)
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

// awsAuthSubmoduleGrants binds the v20 aws-auth submodule's mappings to the
// cluster of the kubernetes provider it runs with: it has no cluster input.
// Without that provider here its cluster cannot be told, and its mappings
// are still read for what they say alone.
func (b *builder) awsAuthSubmoduleGrants(blk *hclext.Block) {
	c := b.writtenCluster(b.moduleProvider(blk, "kubernetes"), blockAddr(blk), blk.DefRange)
	b.writesAWSAuth(c)
	b.readTemplates(c, MapRole, blockAddr(blk)+" aws_auth_roles", blockAttr(blk, "aws_auth_roles"))
	b.readTemplates(c, MapUser, blockAddr(blk)+" aws_auth_users", blockAttr(blk, "aws_auth_users"))
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
			g.byFlags(manage, mk, create, ck)
			b.addMappings(c, input.kind, b.r.Eval(e, in.scope), false, g)
		}
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
		if items, ok := b.mod.objectItems(mapItem(b.mod, e, k)); ok {
			g.PrincipalExpr, g.GroupsExpr, g.UserNameExpr = items["principal_arn"], items["kubernetes_groups"], items["user_name"]
		} else if pe := b.mod.forItem(e, "principal_arn"); pe != nil {
			// Every item of a for expression has the principal its
			// value template writes.
			g.user = userExpr(pe)
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
		g.PoliciesKnown = true
		if pol, ok := resolve.Attr(item, "policy_associations"); ok {
			if pk, ok := resolve.Keys(pol); ok {
				g.Policies = len(pk)
			} else if resolve.StringOf(pol).Kind != resolve.Null {
				g.PoliciesKnown = false
			}
		}
		if c.Local && g.Policies == 0 {
			// A wrapper recognised by its inputs may attach policies its
			// own way (an input of its own, resources of its own):
			// none written here is not none at all.
			g.PoliciesKnown = false
		}
		g.Node = isNodeType(g.Type)
		c.Grants = append(c.Grants, g)
	}
}

// otherModuleMayGrant marks what a module call that is not
// terraform-aws-modules/eks might grant: aws-auth wrappers (local modules,
// third-party ones such as aidanmelen/eks-auth) write the ConfigMap through
// the kubernetes or kubectl provider they get. Their grants cannot be read
// here, so their cluster's answers stay open rather than become errors. A
// local child that readCalls reads whole is judged by its model, once it
// is built (see settleGuesses).
func (b *builder) otherModuleMayGrant(blk *hclext.Block, src string) {
	switch {
	case mentionsAWSAuth(blk):
		b.mayWriteAWSAuth(blk, "a module that may write aws-auth")
	case !isLocalSource(strings.ToLower(src)):
	case b.readsWhole(blk):
		b.guesses = append(b.guesses, blk)
	default:
		if why := b.localModuleMentionsAWSAuth(src); why != "" {
			b.mayWriteAWSAuth(blk, why)
		}
	}
}

// settleGuesses decides, once readCalls has read them, whether the local
// children otherModuleMayGrant left open may write aws-auth: by the
// child's model where it was read whole, else by a look at its files.
func (b *builder) settleGuesses() {
	for _, blk := range b.guesses {
		ch := b.children[blk.Labels[0]]
		why := ""
		switch {
		case ch != nil && ch.root != nil:
			if ch.root.Model.awsAuth {
				why = "a module that may write aws-auth"
			}
		default:
			why = b.localModuleMentionsAWSAuth(literalString(blockAttr(blk, "source")))
		}
		if why != "" {
			b.mayWriteAWSAuth(blk, why)
		}
	}
}

// mayWriteAWSAuth hides the answers of the clusters of the kubernetes and
// kubectl providers the module call blk gets, saying why (the note shown
// after the call's address).
func (b *builder) mayWriteAWSAuth(blk *hclext.Block, note string) {
	b.m.awsAuth = true
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
			c.Hidden = append(c.Hidden, blockAddr(blk)+" ("+note+")")
		}
	}
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

// localModuleMentionsAWSAuth looks for an aws-auth ConfigMap in the .tf
// files of the local module src, where the child is not read whole (count
// or for_each, too deep, over the bound, a child's own module run, a
// child that does not build). It says why the module may write aws-auth
// (one of its files names it, or the module was not read, and why), or ""
// when its files were all read and none names it.
func (b *builder) localModuleMentionsAWSAuth(src string) string {
	pl, ok := b.here()
	if !ok {
		return "a local module that was not read: where the calling module's files are is not known"
	}
	abs := filepath.Join(pl.dir, src)
	shown := filepath.ToSlash(filepath.Join(pl.shown, src))
	mod, err := localFiles.read(abs, shown)
	var why string
	switch {
	case errors.Is(err, modfiles.ErrNotFound):
		why = shown + " does not exist"
	case err != nil:
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		why = fmt.Sprintf("%s cannot be read (%v)", shown, err)
	case len(mod.Files) == 0 && len(mod.Skipped) == 0:
		why = shown + " holds no Terraform files"
	case len(mod.Skipped) > 0:
		return "a local module that was not read whole: " + mod.Skipped[0].String()
	}
	if why != "" {
		return "a local module that was not read: " + why
	}
	for _, f := range mod.Files {
		if bytes.Contains(f.Bytes, []byte("aws-auth")) || bytes.Contains(f.Bytes, []byte("mapRoles")) {
			return "a module that may write aws-auth"
		}
	}
	return ""
}

// byFlags decides whether aws-auth lists reach the cluster from the
// module's manage_aws_auth_configmap and create_aws_auth_configmap (each
// with whether its value is known): either one true writes them; with
// both false the lists are never applied; an unknown flag leaves it open.
func (g *grantTemplate) byFlags(manage, manageKnown, create, createKnown bool) {
	switch {
	case manage && manageKnown || create && createKnown:
	case !manageKnown || !createKnown:
		g.maybe = true
	default:
		g.applied, g.why = false, "neither manage_aws_auth_configmap nor create_aws_auth_configmap is true"
	}
}
