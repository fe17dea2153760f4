package arn

import (
	"strconv"
	"strings"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// Result is the answer to "does this entry grant access to this caller?"
// when parts of either side may be unknown.
type Result int

const (
	// No: the entry never matches the caller, whatever the unknown parts are.
	No Result = iota
	// Yes: the entry matches the caller.
	Yes
	// Unknown: the answer depends on values tflint cannot see.
	Unknown
)

func (r Result) String() string {
	switch r {
	case No:
		return "no"
	case Yes:
		return "yes"
	case Unknown:
		return "cannot tell"
	}
	return "Result(" + strconv.Itoa(int(r)) + ")"
}

// and combines the answers for the parts of one comparison: a single No
// decides, then any Unknown.
func and(rs ...Result) Result {
	out := Yes
	for _, r := range rs {
		switch r {
		case No:
			return No
		case Unknown:
			out = Unknown
		}
	}
	return out
}

// MatchAWSAuthRole reports whether an aws-auth mapRoles entry with
// rolearn grants access to caller.
//
// aws-iam-authenticator reduces the caller to its canonical ARN (a role
// without its path, a user with its path, or an account root) and looks
// that up, ignoring case, first among mapRoles and then among mapUsers. So
// an entry written with an IAM path, an STS ARN, or anything that is not
// the ARN of a role, user or root never matches.
func MatchAWSAuthRole(caller Principal, rolearn string) Result {
	return matchAWSAuth(caller, rolearn)
}

// MatchAWSAuthUser reports whether an aws-auth mapUsers entry with userarn
// grants access to caller.
//
// The authenticator looks the caller's canonical ARN up in mapUsers as
// well as in mapRoles, so a path-less role ARN listed as a userarn grants
// that role access, and a user ARN listed as a rolearn grants that user:
// the two matchers agree.
func MatchAWSAuthUser(caller Principal, userarn string) Result {
	return matchAWSAuth(caller, userarn)
}

func matchAWSAuth(caller Principal, entry string) Result {
	e, err := Parse(entry)
	if err != nil {
		return No
	}
	switch e.Kind {
	case AssumedRole, Other:
		return No
	case Role:
		// The canonical ARN has no path, so any text between "role/" and
		// the name rules a match out, even text given by a placeholder.
		if e.HasPath() {
			return No
		}
	}
	if r, ok := matchUnresolved(caller, e); ok {
		return r
	}
	id, ok := identityOf(caller)
	if !ok || id.Kind != e.Kind {
		return No
	}
	r := and(
		field(id.Partition, e.Partition),
		service(caller, e),
		field(id.Account, e.Account),
		field(id.Name, e.Name),
	)
	if e.Kind == User {
		r = and(r, field(id.Path, e.Path))
	}
	return r
}

// MatchAccessEntry reports whether an EKS access entry for principalARN
// (aws_eks_access_entry.principal_arn, or the module's access_entries)
// grants access to caller.
//
// EKS resolves an access entry to the IAM role or user it names, so the
// path is ignored on both sides and the partition, account and name decide.
// EKS refuses entries for STS sessions and for service-linked roles, so
// those never match.
func MatchAccessEntry(caller Principal, principalARN string) Result {
	e, err := Parse(principalARN)
	if err != nil {
		return No
	}
	if e.Kind == AssumedRole || e.Kind == Other {
		return No
	}
	linked := No
	if e.Kind == Role {
		linked = hasPrefix(e.Path, serviceLinkedPath)
		if linked == Yes {
			return No
		}
	}
	if r, ok := matchUnresolved(caller, e); ok {
		return r
	}
	id, ok := identityOf(caller)
	if !ok || id.Kind != e.Kind {
		return No
	}
	r := and(
		field(id.Partition, e.Partition),
		service(caller, e),
		field(id.Account, e.Account),
		field(id.Name, e.Name),
	)
	if r == Yes && linked == Unknown {
		// A placeholder path might make the entry a service-linked role.
		return Unknown
	}
	return r
}

// matchUnresolved decides a match in which either side's structure is
// unknown: only identical text is known to match. It reports false when
// both sides were parsed into fields.
func matchUnresolved(caller, entry Principal) (Result, bool) {
	if caller.Kind != Unresolved && entry.Kind != Unresolved {
		return No, false
	}
	switch {
	case caller.Kind == Other:
		return No, true
	case caller.raw == entry.raw:
		return Yes, true
	}
	return Unknown, true
}

// identityOf returns the principal EKS sees when caller authenticates: an
// assumed role becomes its role, a role loses its path. It reports false
// for principals that cannot authenticate.
func identityOf(caller Principal) (Principal, bool) {
	id := caller
	id.Service, id.Session, id.raw = "iam", "", ""
	switch caller.Kind {
	case Role, AssumedRole:
		id.Kind, id.Path = Role, "/"
	case User, Root:
	default:
		return Principal{}, false
	}
	return id, true
}

// service compares the service of entry with the caller's. Every identity
// EKS maps is an IAM one, so an entry's service must be iam; a placeholder
// that the caller's own role, user or root ARN has in the same place stands
// for iam too, or the caller could not authenticate at all.
func service(caller, entry Principal) Result {
	if caller.Kind != AssumedRole && equalOutside(caller.Service, entry.Service) {
		return Yes
	}
	return field("iam", entry.Service)
}

// field compares one field of two ARNs, ignoring case as aws-auth does.
//
// Equal text, placeholders included, is equal: the same reference has the
// same value. A placeholder may otherwise stand for any text, so the
// fields differ for certain only when the known text before the first
// placeholder or after the last one cannot agree, as "ci-${x}" and
// "admin" cannot.
func field(a, b string) Result {
	if equalOutside(a, b) {
		return Yes
	}
	if !symbol.Contains(a) && !symbol.Contains(b) {
		return No
	}
	pa, sa := literalEnds(a)
	pb, sb := literalEnds(b)
	if !hasPrefixFold(pa, pb) && !hasPrefixFold(pb, pa) ||
		!hasSuffixFold(sa, sb) && !hasSuffixFold(sb, sa) {
		return No
	}
	return Unknown
}

// hasPrefix reports whether s starts with the literal prefix, ignoring
// case, when s may contain placeholders.
func hasPrefix(s, prefix string) Result {
	lit, _ := literalEnds(s)
	switch {
	case len(lit) == len(s) || len(lit) >= len(prefix):
		if hasPrefixFold(lit, prefix) {
			return Yes
		}
		return No
	case hasPrefixFold(prefix, lit):
		return Unknown
	}
	return No
}

// equalOutside reports whether a and b have the same placeholders in the
// same places and literal text that differs at most in case.
func equalOutside(a, b string) bool {
	for {
		i, j := strings.IndexRune(a, symbol.Open), strings.IndexRune(b, symbol.Open)
		if i < 0 || j < 0 {
			return i < 0 && j < 0 && equalFold(a, b)
		}
		if !equalFold(a[:i], b[:j]) {
			return false
		}
		a, b = a[i:], b[j:]
		m, n := placeholderLen(a), placeholderLen(b)
		if a[:m] != b[:n] {
			return false
		}
		a, b = a[m:], b[n:]
	}
}

// literalEnds returns the known text of s before its first placeholder and
// after its last one; both are s itself when it has no placeholder.
func literalEnds(s string) (prefix, suffix string) {
	i := strings.IndexRune(s, symbol.Open)
	if i < 0 {
		return s, s
	}
	j := strings.LastIndex(s, string(symbol.Open))
	return s[:i], s[j+placeholderLen(s[j:]):]
}

// placeholderLen returns the length of the placeholder that s starts
// with; an unterminated one runs to the end of s.
func placeholderLen(s string) int {
	open := len(string(symbol.Open))
	k := strings.IndexRune(s[open:], symbol.Close)
	if k < 0 {
		return len(s)
	}
	return open + k + len(string(symbol.Close))
}

// ARNs are ASCII, and aws-iam-authenticator lower-cases them before
// comparing. Folding only ASCII keeps comparisons byte-wise, so that
// invalid UTF-8 or exotic case mappings cannot make two texts equal.

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold(s[:len(prefix)], prefix)
}

func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && equalFold(s[len(s)-len(suffix):], suffix)
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerByte(c)
	}
	return string(b)
}
