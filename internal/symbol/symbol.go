// Package symbol gives a name to values that tflint cannot evaluate.
//
// tflint evaluates var.* and local.* but leaves module outputs, data sources
// and resource attributes unknown. Two configurations that both say
// module.iam.role_arn still mean the same role, and a role written as
// "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/ci" still
// has a known name. To keep that knowledge, the resolver stands a placeholder
// in for each such reference: the reference's canonical text between two
// private-use runes. Placeholders flow through string templates like any
// text, so a value can be "known parts and named unknown parts", and two
// values with the same text came from the same references in the same way.
//
// The runes are from Unicode's private use area, so no Terraform literal
// produces them by accident, and the text inside never contains ':' or '/',
// so a placeholder stays inside one field of an ARN.
package symbol

import (
	"strings"
	"sync"
)

const (
	// Open starts a placeholder.
	Open = '\uE000'
	// Close ends a placeholder.
	Close = '\uE001'
)

// escaper keeps ARN separators out of placeholder text; the
// replacements are what a reader expects to see in a traversal.
// The replacers are built on first use: tflint starts a plugin process
// per module directory, so package initialisation is paid hundreds of
// times in a recursive run.
var (
	replacersOnce                 sync.Once
	escaper, unescaper, displayer *strings.Replacer
)

func replacers() {
	replacersOnce.Do(func() {
		escaper = strings.NewReplacer(":", "∶", "/", "∕")
		unescaper = strings.NewReplacer("∶", ":", "∕", "/")
		displayer = strings.NewReplacer(string(Open), "<", string(Close), ">", "∶", ":", "∕", "/")
	})
}

// Wrap returns the placeholder for a reference such as "module.eks.cluster_name".
func Wrap(ref string) string {
	replacers()
	return string(Open) + escaper.Replace(ref) + string(Close)
}

// Contains reports whether s has any placeholder in it.
func Contains(s string) bool {
	return strings.ContainsRune(s, Open)
}

// Refs returns the references named by the placeholders in s, in order.
func Refs(s string) []string {
	replacers()
	var refs []string
	for {
		i := strings.IndexRune(s, Open)
		if i < 0 {
			return refs
		}
		s = s[i+len(string(Open)):]
		j := strings.IndexRune(s, Close)
		if j < 0 {
			return refs
		}
		refs = append(refs, unescaper.Replace(s[:j]))
		s = s[j+len(string(Close)):]
	}
}

// Whole reports whether s is exactly one placeholder and returns its reference.
func Whole(s string) (string, bool) {
	refs := Refs(s)
	if len(refs) != 1 || s != Wrap(refs[0]) {
		return "", false
	}
	return refs[0], true
}

// CallerMark starts, in a local child read from its caller, a reference
// the child's variables hold to one of the caller's objects: the same
// text in the child would name the child's own. It is never shown; Ref
// says whose the reference is instead.
const CallerMark = "caller."

// Ref renders one reference for people, saying whose it is when it is a
// caller's (var.cluster_name of the calling module) rather than showing
// CallerMark.
func Ref(ref string) string {
	bare, whose := Owner(ref)
	return bare + whose
}

// Owner splits a reference into the reference as written and whose it is
// when it is not the module's own: " of the calling module", " of a
// module further up", or "".
func Owner(ref string) (bare, whose string) {
	n := 0
	for strings.HasPrefix(ref, CallerMark) {
		ref = strings.TrimPrefix(ref, CallerMark)
		n++
	}
	switch {
	case n == 1:
		return ref, " of the calling module"
	case n > 1:
		return ref, " of a module further up"
	}
	return ref, ""
}

// Display renders s for people. A value that is one reference and
// nothing else reads as that reference (data.aws_iam_user.ci.arn); in a
// value that mixes text and references, each reference stands between
// angle brackets (arn:aws:iam::<var.account_id>:role/ci), so that the
// known text reads as it is and the unknown parts stand out. Terraform's
// own ${...} would make a message look like configuration to copy. Each
// reference reads as Ref renders it.
func Display(s string) string {
	if !Contains(s) {
		return s
	}
	if ref, ok := Whole(s); ok {
		return Ref(ref)
	}
	replacers()
	var out strings.Builder
	for {
		i := strings.IndexRune(s, Open)
		if i < 0 {
			break
		}
		j := strings.IndexRune(s[i:], Close)
		if j < 0 {
			break
		}
		out.WriteString(displayer.Replace(s[:i]))
		ref := unescaper.Replace(s[i+len(string(Open)) : i+j])
		out.WriteString("<" + Ref(ref) + ">")
		s = s[i+j+len(string(Close)):]
	}
	out.WriteString(displayer.Replace(s))
	return out.String()
}
