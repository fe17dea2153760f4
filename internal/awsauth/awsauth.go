// Package awsauth reads aws-auth ConfigMap mappings (mapRoles, mapUsers)
// from values the resolver has evaluated: lists of objects written in HCL
// (module inputs, the argument of yamlencode) or YAML text (a heredoc, a
// template). EKS's authenticator is strict about the shape, and a mistake
// there silently grants nothing, so this package reports what it would
// ignore instead of guessing.
package awsauth

import (
	"fmt"
	"sort"

	yaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
)

// Kind is which list a mapping belongs to.
type Kind int

const (
	// RoleMapping is an entry of mapRoles (rolearn).
	RoleMapping Kind = iota
	// UserMapping is an entry of mapUsers (userarn).
	UserMapping
)

func (k Kind) arnKey() string {
	if k == UserMapping {
		return "userarn"
	}
	return "rolearn"
}

func (k Kind) list() string {
	if k == UserMapping {
		return "mapUsers"
	}
	return "mapRoles"
}

// Entry is one mapping. Values keep the marks they were evaluated with, so
// provenance and sensitivity survive.
type Entry struct {
	Kind  Kind
	Index int
	// ARN is the rolearn or userarn value, or cty.NilVal when missing.
	ARN      cty.Value
	Username cty.Value
	Groups   cty.Value
	// Problems make the entry grant less than it seems.
	Problems []string
}

// Mappings is a list of entries as far as it can be read.
type Mappings struct {
	Entries []Entry
	// Complete is false when some entries cannot be seen (an unknown list
	// or element), so a grant may exist that is not among Entries.
	Complete bool
	// Problems concern the list as a whole; aws-auth then drops it all.
	Problems []string
}

// maxText bounds the YAML this package decodes.
const maxText = 1 << 20

// FromValue reads a list of mapping objects.
func FromValue(kind Kind, v cty.Value) Mappings {
	if v == cty.NilVal {
		return Mappings{Complete: true}
	}
	inner, marks := v.Unmark()
	if !inner.IsKnown() {
		return Mappings{}
	}
	if inner.IsNull() {
		return Mappings{Complete: true}
	}
	ty := inner.Type()
	if !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() {
		return Mappings{Complete: true, Problems: []string{fmt.Sprintf("%s must be a list of objects, not %s", kind.list(), ty.FriendlyName())}}
	}
	ms := Mappings{Complete: true}
	i := 0
	for it := inner.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		e = e.WithMarks(marks)
		entry, ok := readEntry(kind, i, e)
		if !ok {
			ms.Complete = false
			continue
		}
		ms.Entries = append(ms.Entries, entry)
	}
	return ms
}

// readEntry reads one mapping object; ok is false when it is unknown.
func readEntry(kind Kind, i int, v cty.Value) (Entry, bool) {
	inner, marks := v.Unmark()
	e := Entry{Kind: kind, Index: i, ARN: cty.NilVal, Username: cty.NilVal, Groups: cty.NilVal}
	if !inner.IsKnown() {
		return e, false
	}
	if inner.IsNull() {
		e.Problems = append(e.Problems, "the entry is null")
		return e, true
	}
	ty := inner.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		e.Problems = append(e.Problems, fmt.Sprintf("the entry is %s, not an object", ty.FriendlyName()))
		return e, true
	}
	var keys []string
	for it := inner.ElementIterator(); it.Next(); {
		k, _ := it.Element()
		k, _ = k.Unmark()
		keys = append(keys, k.AsString())
	}
	sort.Strings(keys)
	other := UserMapping
	if kind == UserMapping {
		other = RoleMapping
	}
	for _, k := range keys {
		var val cty.Value
		if ty.IsObjectType() {
			val = inner.GetAttr(k).WithMarks(marks)
		} else {
			val = inner.Index(cty.StringVal(k)).WithMarks(marks)
		}
		switch k {
		case kind.arnKey():
			e.ARN = val
		case "username":
			e.Username = val
		case "groups":
			e.Groups = val
		case other.arnKey():
			e.Problems = append(e.Problems, fmt.Sprintf("%s has %s where aws-auth reads %s: the entry grants nothing", kind.list(), k, kind.arnKey()))
		default:
			e.Problems = append(e.Problems, fmt.Sprintf("key %q is not rolearn, userarn, username or groups: aws-auth ignores it", k))
		}
	}
	if e.ARN == cty.NilVal {
		e.Problems = append(e.Problems, kind.arnKey()+" is missing")
	}
	return e, true
}

// FromYAML reads mappings from YAML (or JSON) text, as aws-auth does: a
// document that does not parse drops every mapping in it.
func FromYAML(kind Kind, v cty.Value) Mappings {
	if v == cty.NilVal {
		return Mappings{Complete: true}
	}
	inner, marks := v.Unmark()
	if !inner.IsKnown() {
		return Mappings{}
	}
	if inner.IsNull() {
		return Mappings{Complete: true}
	}
	if inner.Type() != cty.String {
		return Mappings{Complete: true, Problems: []string{fmt.Sprintf("%s must be YAML text, not %s", kind.list(), inner.Type().FriendlyName())}}
	}
	text := inner.AsString()
	if len(text) > maxText {
		return Mappings{Problems: []string{fmt.Sprintf("%s is larger than %d bytes; eksauth does not read it", kind.list(), maxText)}}
	}
	doc, err := decode(text)
	if err != nil {
		return Mappings{Complete: true, Problems: []string{fmt.Sprintf("%s is not valid YAML, so aws-auth ignores all of it: %s", kind.list(), err)}}
	}
	if doc.IsNull() {
		return Mappings{Complete: true}
	}
	return FromValue(kind, doc.WithMarks(marks))
}

// decode parses YAML text into a cty value, and never panics.
func decode(text string) (v cty.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = cty.NilVal, fmt.Errorf("cannot be read: %v", r)
		}
	}()
	ty, err := yaml.ImpliedType([]byte(text))
	if err != nil {
		return cty.NilVal, err
	}
	return yaml.Unmarshal([]byte(text), ty)
}

// IsNode reports whether a mapping lets nodes (kubelets, Fargate pods) in
// rather than people: it puts them in system:bootstrappers or system:nodes,
// or names them system:node:{{...}}.
func (e Entry) IsNode() bool {
	if u, _ := e.Username.Unmark(); u != cty.NilVal && u.IsKnown() && !u.IsNull() && u.Type() == cty.String {
		switch u.AsString() {
		case "system:node:{{EC2PrivateDNSName}}", "system:node:{{SessionName}}":
			return true
		}
	}
	g, _ := e.Groups.UnmarkDeep()
	if g == cty.NilVal || !g.IsWhollyKnown() || g.IsNull() || !g.CanIterateElements() {
		return false
	}
	for it := g.ElementIterator(); it.Next(); {
		_, x := it.Element()
		if x.Type() == cty.String && !x.IsNull() {
			switch x.AsString() {
			case "system:bootstrappers", "system:nodes":
				return true
			}
		}
	}
	return false
}
