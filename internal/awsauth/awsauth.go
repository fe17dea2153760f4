// Package awsauth reads the mappings of the aws-auth ConfigMap (mapRoles,
// mapUsers) out of values the resolver has evaluated: lists of objects
// written in HCL (module inputs, the argument of yamlencode or jsonencode)
// and YAML or JSON text (a literal, a heredoc, a template's result).
//
// It reads them the way EKS does. EKS's authenticator (aws-iam-authenticator,
// pkg/mapper/configmap) converts each list from YAML to JSON and decodes the
// JSON into Go structs with encoding/json. That decides what counts:
//
//   - A YAML syntax error drops the whole list.
//   - Keys match their field case-insensitively ("roleArn" works, "role_arn"
//     does not); when several keys fold to one field, the last in byte order
//     wins, because the JSON conversion sorts keys.
//   - A value of the wrong type (a number for rolearn, a string for groups) is
//     skipped on its own; the rest of its entry still counts.
//   - An entry left without an ARN is dropped, and of two entries with the
//     same ARN (compared case-insensitively) only the last is kept.
//
// Nothing here interprets cty marks: every leaf comes back with the marks it
// was evaluated with, plus those of the containers it was taken from, so
// sensitivity and provenance survive. Strings may hold placeholders from
// package symbol; they are text like any other, except that a string that is
// exactly one placeholder where a list or an object belongs stands for an
// unknown value, since the resolver puts one in for any reference it cannot
// evaluate.
//
// No input makes these functions panic or work without bound.
package awsauth

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
	"github.com/zclconf/go-cty/cty"
)

// Kind is the list a mapping belongs to.
type Kind int

const (
	// RoleMapping is an entry of mapRoles, keyed by rolearn.
	RoleMapping Kind = iota
	// UserMapping is an entry of mapUsers, keyed by userarn.
	UserMapping
)

// String returns the name of the ConfigMap key that holds the list.
func (k Kind) String() string {
	switch k {
	case RoleMapping:
		return "mapRoles"
	case UserMapping:
		return "mapUsers"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

func (k Kind) valid() bool { return k == RoleMapping || k == UserMapping }

// arnKey is the field that names the principal.
func (k Kind) arnKey() string {
	if k == UserMapping {
		return "userarn"
	}
	return "rolearn"
}

// other is the kind whose ARN key a confused entry may carry instead.
func (k Kind) other() Kind {
	if k == UserMapping {
		return RoleMapping
	}
	return UserMapping
}

// fields are the keys the authenticator decodes for k, as its struct tags
// spell them. "sso" and "userid" exist only on role mappings.
func (k Kind) fields() []string {
	if k == UserMapping {
		return []string{"userarn", "username", "groups"}
	}
	return []string{"rolearn", "username", "groups", "sso", "userid"}
}

// Entry is one element of a mapping list. An element that is unknown has
// no Entry.
type Entry struct {
	Kind Kind
	// Index is the element's position in its list (in iteration order, for
	// a set).
	Index int
	// ARN is the rolearn or userarn value, marks intact. It is cty.NilVal
	// when aws-auth drops the entry: the key is missing, null, empty or not
	// a string, the entry sets sso as well, or a later entry has the same
	// ARN. Problems says which. It may be unknown, or hold placeholders.
	ARN cty.Value
	// Username is the username value, or cty.NilVal when there is none or
	// it is not a string.
	Username cty.Value
	// Groups is the groups value as given (a list, tuple or set), marks
	// intact, except that elements aws-auth ignores for not being strings
	// are null (and the value a tuple). It is cty.NilVal when there is
	// none, and unknown when the groups are.
	Groups cty.Value
	// Problems are the reasons the entry grants less than it seems to, in
	// words for people.
	Problems []string
}

// Mappings is a mapping list, as far as it can be read.
type Mappings struct {
	Entries []Entry
	// Complete is false when a grant may exist that is not among Entries:
	// the list or an element of it is unknown, or the text could not be
	// read for a reason aws-auth does not share.
	Complete bool
	// Problems concern the list as a whole. Most mean that aws-auth ignores
	// all of it, as it does text that is not valid YAML, and come with no
	// Entries.
	Problems []string
	// Ignored is set when aws-auth ignores the whole list: text that is not
	// valid YAML, a value that is not a list. The first of Problems says why.
	Ignored bool
}

// FromValue reads a mapping list given as a value: a list, tuple or set of
// objects (or maps) with the keys rolearn or userarn, username and groups,
// the way Terraform hands it to yamlencode or jsonencode.
func FromValue(kind Kind, v cty.Value) Mappings {
	if !kind.valid() {
		return Mappings{Problems: []string{fmt.Sprintf("%s is not a kind of aws-auth mapping", kind)}}
	}
	r := reader{kind: kind, m: Mappings{Complete: true}}
	r.list(v)
	r.dropShadowed()
	return r.m
}

// reader accumulates the Mappings of one list.
type reader struct {
	kind Kind
	m    Mappings
}

func (r *reader) list(v cty.Value) {
	if v == cty.NilVal {
		return
	}
	v, marks := v.Unmark()
	switch {
	case !v.IsKnown() || isPlaceholder(v):
		r.m.Complete = false
		return
	case v.IsNull():
		return
	}
	if ty := v.Type(); !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() {
		r.m.Problems = append(r.m.Problems, fmt.Sprintf("%s is %s, not a list: aws-auth ignores all of it", r.kind, describe(v)))
		r.m.Ignored = true
		return
	}
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		r.entry(i, e.WithMarks(marks))
	}
}

// entry reads the element at index i. An unknown element adds no entry: it
// might be any number of grants.
func (r *reader) entry(i int, v cty.Value) {
	e := Entry{Kind: r.kind, Index: i, ARN: cty.NilVal, Username: cty.NilVal, Groups: cty.NilVal}
	uv, marks := v.Unmark()
	switch {
	case !uv.IsKnown() || isPlaceholder(uv):
		r.m.Complete = false
		return
	case uv.IsNull():
		e.Problems = append(e.Problems, "the entry is null: aws-auth drops it")
		r.m.Entries = append(r.m.Entries, e)
		return
	}
	ty := uv.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		e.Problems = append(e.Problems, fmt.Sprintf("the entry is %s, not an object: aws-auth drops it", describe(uv)))
		r.m.Entries = append(r.m.Entries, e)
		return
	}

	// Candidates for each field go in byte order of their keys: the order
	// in which the authenticator's decoder sees them.
	byField := map[string][]attr{}
	var unknownKeys []string
	for _, k := range keys(uv) {
		if symbol.Contains(k) {
			// The key is not known: it may well be rolearn.
			r.m.Complete = false
			continue
		}
		if f, ok := r.field(k); ok {
			byField[f] = append(byField[f], attr{k, get(uv, k).WithMarks(marks)})
			continue
		}
		unknownKeys = append(unknownKeys, k)
	}
	e.Problems = append(e.Problems, r.keyProblems(unknownKeys)...)

	arnKey := r.kind.arnKey()
	arn, p := pick(arnKey, byField[arnKey], isString, "aws-auth drops the entry")
	e.Problems = append(e.Problems, p...)
	user, p := pick("username", byField["username"], isString, "aws-auth ignores it")
	e.Problems = append(e.Problems, p...)
	groups, p := pick("groups", byField["groups"], isList, "aws-auth ignores it")
	e.Problems = append(e.Problems, p...)
	sso, _ := pick("sso", byField["sso"], isObject, "")

	e.ARN, e.Username, e.Groups = arn, user, groups
	if groups != cty.NilVal {
		e.Groups, p = stringsOnly(unknownIfPlaceholder(groups))
		e.Problems = append(e.Problems, p...)
	}
	switch {
	case arn == cty.NilVal && sso != cty.NilVal:
		e.Problems = append(e.Problems, fmt.Sprintf("%s is missing: the entry matches by sso instead, an aws-iam-authenticator feature that is off by default", arnKey))
	case arn == cty.NilVal && len(byField[arnKey]) == 0:
		e.Problems = append(e.Problems, fmt.Sprintf("%s is missing: aws-auth drops the entry", arnKey))
	case isEmptyString(arn):
		e.ARN = cty.NilVal
		e.Problems = append(e.Problems, fmt.Sprintf("%s is empty: aws-auth drops the entry", arnKey))
	case arn != cty.NilVal && sso != cty.NilVal && sso.IsKnown():
		e.ARN = cty.NilVal
		e.Problems = append(e.Problems, fmt.Sprintf("%s and sso are both set: aws-auth drops the entry", arnKey))
	}
	r.m.Entries = append(r.m.Entries, e)
}

// field returns the field a key decodes into, matching as encoding/json
// does.
func (r *reader) field(key string) (string, bool) {
	for _, f := range r.kind.fields() {
		if strings.EqualFold(key, f) {
			return f, true
		}
	}
	return "", false
}

// maxKeyProblems bounds how many ignored keys one entry reports by name.
const maxKeyProblems = 8

// keyProblems explains the keys aws-auth ignores.
func (r *reader) keyProblems(ignored []string) []string {
	var out []string
	for i, k := range ignored {
		if i == maxKeyProblems {
			out = append(out, fmt.Sprintf("%d more keys are ignored by aws-auth", len(ignored)-i))
			break
		}
		q, norm := quote(k), normalize(k)
		// Suggest only the three fields people write.
		meant := nearMiss(norm, r.kind.fields()[:3])
		switch {
		case norm == r.kind.other().arnKey():
			out = append(out, fmt.Sprintf("key %s belongs in %s: %s ignores it", q, r.kind.other(), r.kind))
		case meant != "":
			out = append(out, fmt.Sprintf("key %s is not %q: aws-auth ignores it", q, meant))
		default:
			out = append(out, fmt.Sprintf("key %s is not one aws-auth reads: it is ignored", q))
		}
	}
	return out
}

// attr is one key of an entry and its value, with the entry's marks.
type attr struct {
	key string
	val cty.Value
}

// keys returns the keys of a known, non-null object or map in byte order.
func keys(v cty.Value) []string {
	var out []string
	if v.Type().IsObjectType() {
		for k := range v.Type().AttributeTypes() {
			out = append(out, k)
		}
	} else {
		for it := v.ElementIterator(); it.Next(); {
			k, _ := it.Element()
			out = append(out, k.AsString())
		}
	}
	sort.Strings(out)
	return out
}

// get returns the value at key k of a known, non-null object or map.
func get(v cty.Value, k string) cty.Value {
	if v.Type().IsObjectType() {
		return v.GetAttr(k)
	}
	return v.Index(cty.StringVal(k))
}

// pick does what encoding/json does with the keys that fold to one field:
// each in turn sets it, a null leaves it alone, and a value of the wrong type
// is skipped (with an error the authenticator logs, and otherwise ignores).
// It returns the value the field ends up with, or cty.NilVal, and problems
// that end in without when the field ends up with no value.
func pick(field string, cands []attr, fits func(cty.Value) bool, without string) (cty.Value, []string) {
	val, winner := cty.NilVal, ""
	var wrong []attr
	for _, c := range cands {
		uv, _ := c.val.Unmark()
		switch {
		case !uv.IsKnown() || fits(uv):
			val, winner = c.val, c.key
		case uv.IsNull():
		default:
			wrong = append(wrong, c)
		}
	}
	consequence := "aws-auth ignores it"
	if val == cty.NilVal {
		consequence = without
	}
	var problems []string
	for _, c := range wrong {
		uv, _ := c.val.Unmark()
		problems = append(problems, fmt.Sprintf("%s is %s, not %s: %s", name(c.key, field), describe(uv), wantOf(field), consequence))
	}
	if val == cty.NilVal && len(wrong) == 0 && len(cands) > 0 {
		problems = append(problems, fmt.Sprintf("%s is null: %s", name(cands[len(cands)-1].key, field), consequence))
	}
	if len(cands) > 1 && winner != "" {
		quoted := make([]string, len(cands))
		for i, c := range cands {
			quoted[i] = quote(c.key)
		}
		problems = append(problems, fmt.Sprintf("keys %s all set %s: aws-auth uses %s", strings.Join(quoted, ", "), field, quote(winner)))
	}
	return val, problems
}

// name names a key in a problem: by its field where it is spelt so.
func name(key, field string) string {
	if key == field {
		return field
	}
	return fmt.Sprintf("key %s (%s)", quote(key), field)
}

// quote quotes a key for a message, shortened if it is long, with its
// placeholders as the references they stand for.
func quote(key string) string {
	key = symbol.Display(key)
	if len(key) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(key[cut]) {
			cut--
		}
		key = key[:cut] + "…"
	}
	return strconv.Quote(key)
}

func wantOf(field string) string {
	switch field {
	case "groups":
		return "a list"
	case "sso":
		return "an object"
	}
	return "a string"
}

func isString(v cty.Value) bool { return !v.IsNull() && v.Type() == cty.String }

func isObject(v cty.Value) bool {
	return !v.IsNull() && (v.Type().IsObjectType() || v.Type().IsMapType())
}

// isList accepts a list, and a placeholder that may stand for one.
func isList(v cty.Value) bool {
	if v.IsNull() {
		return false
	}
	ty := v.Type()
	return ty.IsListType() || ty.IsTupleType() || ty.IsSetType() || isPlaceholder(v)
}

func isEmptyString(v cty.Value) bool {
	v, _ = v.Unmark()
	return v.IsKnown() && isString(v) && v.AsString() == ""
}

// isPlaceholder reports whether v, unmarked, is a string that is exactly
// one placeholder: the resolver's stand-in for a reference it could not
// evaluate, whatever its type.
func isPlaceholder(v cty.Value) bool {
	if !v.IsKnown() || !isString(v) {
		return false
	}
	_, ok := symbol.Whole(v.AsString())
	return ok
}

// unknownIfPlaceholder turns a placeholder where a list belongs into an
// unknown value with the same marks.
func unknownIfPlaceholder(v cty.Value) cty.Value {
	uv, marks := v.Unmark()
	if isPlaceholder(uv) {
		return cty.DynamicVal.WithMarks(marks)
	}
	return v
}

// stringsOnly replaces with null the elements of a groups list that are
// not strings, which encoding/json leaves empty, and says so. Nothing of
// them reaches the caller, however deeply they nest.
func stringsOnly(v cty.Value) (cty.Value, []string) {
	uv, marks := v.Unmark()
	if !uv.IsKnown() || uv.IsNull() || !uv.CanIterateElements() {
		return v, nil
	}
	var elems []cty.Value
	first, what, n := -1, "", 0
	i := 0
	for it := uv.ElementIterator(); it.Next(); i++ {
		_, el := it.Element()
		eu, em := el.Unmark()
		if !eu.IsKnown() || isString(eu) {
			elems = append(elems, el)
			continue
		}
		if n == 0 {
			first, what = i, describe(eu)
		}
		n++
		elems = append(elems, cty.NullVal(cty.String).WithMarks(em))
	}
	switch n {
	case 0:
		return v, nil
	case 1:
		return cty.TupleVal(elems).WithMarks(marks), []string{fmt.Sprintf("groups[%d] is %s, not a string: aws-auth ignores it", first, what)}
	case 2:
		return cty.TupleVal(elems).WithMarks(marks), []string{fmt.Sprintf("groups[%d] is %s, not a string, and one more element is not a string either: aws-auth ignores them", first, what)}
	}
	return cty.TupleVal(elems).WithMarks(marks), []string{fmt.Sprintf("groups[%d] is %s, not a string, and %d more elements are not strings either: aws-auth ignores them", first, what, n-1)}
}

// dropShadowed applies the authenticator's map from lower-cased ARN to
// mapping: an earlier entry with the same ARN as a later one is lost.
func (r *reader) dropShadowed() {
	last := map[string]int{}
	keys := make([]string, len(r.m.Entries))
	for i, e := range r.m.Entries {
		if e.ARN == cty.NilVal {
			continue
		}
		a, _ := e.ARN.Unmark()
		if !a.IsKnown() || !isString(a) {
			continue
		}
		keys[i] = strings.ToLower(a.AsString())
		last[keys[i]] = i
	}
	for i := range r.m.Entries {
		if keys[i] == "" || last[keys[i]] == i {
			continue
		}
		e := &r.m.Entries[i]
		e.ARN = cty.NilVal
		e.Problems = append(e.Problems, fmt.Sprintf("entry %d has the same %s: aws-auth keeps that one and drops this", r.m.Entries[last[keys[i]]].Index, r.kind.arnKey()))
	}
}

// IsNode reports whether the entry lets in nodes (kubelets, Fargate pods)
// rather than people: its known groups include system:bootstrappers or
// system:nodes, or its username is the node name template.
func (e Entry) IsNode() bool {
	if s, ok := knownString(e.Username); ok {
		switch s {
		case "system:node:{{EC2PrivateDNSName}}", "system:node:{{SessionName}}":
			return true
		}
	}
	if e.Groups == cty.NilVal {
		return false
	}
	g, _ := e.Groups.Unmark()
	if !g.IsKnown() || g.IsNull() || !g.CanIterateElements() {
		return false
	}
	for it := g.ElementIterator(); it.Next(); {
		_, el := it.Element()
		switch s, _ := knownString(el); s {
		case "system:bootstrappers", "system:nodes":
			return true
		}
	}
	return false
}

func knownString(v cty.Value) (string, bool) {
	if v == cty.NilVal {
		return "", false
	}
	v, _ = v.Unmark()
	if !v.IsKnown() || !isString(v) {
		return "", false
	}
	return v.AsString(), true
}

// describe names the kind of a known or null, unmarked value for a problem
// message. It looks no deeper than the top, whatever the value holds.
func describe(v cty.Value) string {
	if v.IsNull() {
		return "null"
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return "a string"
	case ty == cty.Number:
		return "a number"
	case ty == cty.Bool:
		return "a bool"
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		return "a list"
	case ty.IsObjectType() || ty.IsMapType():
		return "an object"
	}
	return "a value of another type"
}

// normalize keeps the lower-cased letters and digits of a key, so that
// "role_arn" and "Role-ARN" both read as "rolearn".
func normalize(key string) string {
	if len(key) > 64 {
		return ""
	}
	var b strings.Builder
	for _, c := range strings.ToLower(key) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// nearMiss returns the field a normalized key was probably meant to be:
// one at most two edits away. Keys that fold to a field never get here.
func nearMiss(norm string, fields []string) string {
	if norm == "" {
		return ""
	}
	for _, f := range fields {
		if editDistance(norm, f) <= 2 {
			return f
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between two short ASCII strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
