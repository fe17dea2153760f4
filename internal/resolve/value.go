package resolve

import (
	"sort"

	"github.com/terraform-linters/tflint-plugin-sdk/terraform/lang/marks"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// Kind says how much is known about a string value.
type Kind int

const (
	// Unknown: nothing is known (an unevaluable expression, a variable
	// without a value used where a placeholder cannot be trusted).
	Unknown Kind = iota
	// Known: the exact text.
	Known
	// Named: text with placeholders for references that have no value yet;
	// two Named values with the same text are the same value.
	Named
	// Sensitive: a value exists but must never be shown or decided on.
	Sensitive
	// Null: the configuration leaves it unset.
	Null
)

func (k Kind) String() string {
	switch k {
	case Known:
		return "known"
	case Named:
		return "named"
	case Sensitive:
		return "sensitive"
	case Null:
		return "null"
	}
	return "unknown"
}

// String is a resolved string with what is known of it and where it came from.
type String struct {
	Kind Kind
	// Text is the value for Known and Named (with placeholders); empty otherwise.
	Text string
	// From lists the variables and locals the value was built from, sorted.
	From []string
}

// Display renders the value for a message: placeholders as ${ref},
// escaped and cut as msgtext.Value does; a sensitive value never appears.
func (s String) Display() string {
	switch s.Kind {
	case Known, Named:
		return msgtext.Value(symbol.Display(s.Text))
	case Sensitive:
		return "(sensitive value)"
	case Null:
		return "null"
	}
	return "(unknown value)"
}

// StringOf reads a leaf value as a string. Marks gathered on the way to
// the leaf (inherited from the containers it was taken from) are passed in
// inherited.
func StringOf(v cty.Value, inherited ...cty.ValueMarks) String {
	v, own := v.UnmarkDeep()
	all := cty.ValueMarks{}
	for m := range own {
		all[m] = struct{}{}
	}
	for _, ms := range inherited {
		for m := range ms {
			all[m] = struct{}{}
		}
	}
	s := String{From: froms(all)}
	switch {
	case all.Has(marks.Sensitive):
		s.Kind = Sensitive
	case !v.IsKnown():
		s.Kind = Unknown
	case v.IsNull():
		s.Kind = Null
	case v.Type() == cty.String:
		// A value from a trusted evaluation is exact text even where it
		// shares a container with placeholders (see Resolver.Eval); the
		// placeholders in it are what is not known.
		s.Text = v.AsString()
		s.Kind = Known
		if symbol.Contains(s.Text) {
			s.Kind = Named
		}
	case v.Type() == cty.Number && tooLarge(v):
		s.Kind = Unknown
	case v.Type() == cty.Number || v.Type() == cty.Bool:
		str, err := convertToString(v)
		if err != nil {
			s.Kind = Unknown
			break
		}
		s.Kind, s.Text = Known, str
	default:
		s.Kind = Unknown
	}
	return s
}

func froms(ms cty.ValueMarks) []string {
	var out []string
	for m := range ms {
		if f, ok := m.(From); ok {
			out = append(out, string(f))
		}
	}
	sort.Strings(out)
	return out
}

// Bool reads a value as a boolean: ok is false unless it is known, not
// sensitive and not derived from a placeholder.
func Bool(v cty.Value) (b, ok bool) {
	if !usable(v) {
		return false, false
	}
	v, _ = v.UnmarkDeep()
	if v.Type() == cty.String {
		switch v.AsString() {
		case "true":
			return true, true
		case "false":
			return false, true
		}
		return false, false
	}
	if v.Type() != cty.Bool {
		return false, false
	}
	return v.True(), true
}

// usable reports whether v is a known, non-null value that neither is
// sensitive nor depends on a placeholder, at any depth.
func usable(v cty.Value) bool {
	if !v.IsWhollyKnown() || v.HasMarkDeep(marks.Sensitive) || v.HasMarkDeep(symbolicMark{}) {
		return false
	}
	v, _ = v.UnmarkDeep()
	return !v.IsNull()
}

// Usable reports whether v can decide something: known, non-null, not
// sensitive and not built from a placeholder.
func Usable(v cty.Value) bool { return usable(v) }

// IsSensitive reports whether v or anything in it is sensitive.
func IsSensitive(v cty.Value) bool { return v.HasMarkDeep(marks.Sensitive) }

// Elements returns the elements of a list, tuple or set (or the values of
// a map or object, in key order), each with the marks of the container
// added, so that provenance and sensitivity carry over. ok is false when
// v is not a known collection: then some elements may exist that cannot be
// seen, and the caller must treat the collection as incomplete.
func Elements(v cty.Value) (elems []cty.Value, ok bool) {
	if v == cty.NilVal {
		return nil, false
	}
	inner, ms := v.Unmark()
	if !inner.IsKnown() || inner.IsNull() {
		return nil, inner.IsKnown() // null: no elements, and that is all of them
	}
	ty := inner.Type()
	if !ty.IsListType() && !ty.IsTupleType() && !ty.IsSetType() && !ty.IsMapType() && !ty.IsObjectType() {
		return nil, false
	}
	for it := inner.ElementIterator(); it.Next(); {
		_, e := it.Element()
		elems = append(elems, e.WithMarks(ms))
	}
	return elems, true
}

// Attr returns attribute name of an object or map value, with the
// container's marks. ok is false when v is unknown or has no such key.
func Attr(v cty.Value, name string) (cty.Value, bool) {
	if v == cty.NilVal {
		return cty.NilVal, false
	}
	inner, ms := v.Unmark()
	if !inner.IsKnown() || inner.IsNull() {
		return cty.NilVal, false
	}
	ty := inner.Type()
	switch {
	case ty.IsObjectType():
		if !ty.HasAttribute(name) {
			return cty.NilVal, false
		}
		return inner.GetAttr(name).WithMarks(ms), true
	case ty.IsMapType():
		k := cty.StringVal(name)
		if !inner.HasIndex(k).True() {
			return cty.NilVal, false
		}
		return inner.Index(k).WithMarks(ms), true
	}
	return cty.NilVal, false
}

// Keys returns the attribute names of a known object or map.
func Keys(v cty.Value) ([]string, bool) {
	inner, _ := v.Unmark()
	if v == cty.NilVal || !inner.IsKnown() || inner.IsNull() {
		return nil, false
	}
	ty := inner.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		return nil, false
	}
	var keys []string
	for it := inner.ElementIterator(); it.Next(); {
		k, _ := it.Element()
		k, _ = k.Unmark()
		keys = append(keys, k.AsString())
	}
	return keys, true
}

func convertToString(v cty.Value) (string, error) {
	sv, err := convert.Convert(v, cty.String)
	if err != nil {
		return "", err
	}
	return sv.AsString(), nil
}
