package arn

import (
	"strings"
	"testing"
)

var matchers = []struct {
	name  string
	match func(Principal, string) Result
}{
	{"MatchAWSAuthRole", MatchAWSAuthRole},
	{"MatchAWSAuthUser", MatchAWSAuthUser},
	{"MatchAccessEntry", MatchAccessEntry},
}

// FuzzParseAndMatch feeds a caller and an entry to Parse and every matcher.
// Beyond not panicking, it checks the properties rules rely on: a parsed
// ARN prints as written and parses again to the same Principal, a caller
// matches the entries EKS would accept for it, and a change of case never
// turns Yes into No.
func FuzzParseAndMatch(f *testing.F) {
	for _, seed := range [][2]string{
		{ci, ci},
		{ciSTS, ciPath},
		{aliceEng, "ARN:AWS:IAM::111122223333:USER/ENG/ALICE"},
		{"arn:aws:iam::" + acctRef + ":role/ci", "arn:aws:iam::" + acctRef + ":role/" + nameRef},
		{arnRef, arnRef},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, callerText, entry string) {
		caller, err := Parse(callerText)
		PathlessRoleARN(callerText)
		PathlessRoleARN(entry)
		for _, m := range matchers {
			r := m.match(caller, entry)
			if r != No && r != Yes && r != Unknown {
				t.Fatalf("%s(%q, %q) = %v", m.name, callerText, entry, r)
			}
			if r != Yes {
				continue
			}
			if got := m.match(caller, swapCase(entry)); got == No {
				t.Errorf("%s(%q, %q) = yes, but no for the entry %q", m.name, callerText, entry, swapCase(entry))
			}
			if c, err := Parse(swapCase(callerText)); err == nil && m.match(c, entry) == No {
				t.Errorf("%s(%q, %q) = yes, but no for the caller %q", m.name, callerText, entry, swapCase(callerText))
			}
		}
		if err != nil {
			return
		}
		checkParsed(t, callerText, caller)
	})
}

// checkParsed checks the invariants of one successfully parsed ARN.
func checkParsed(t *testing.T, s string, p Principal) {
	t.Helper()
	if p.String() != s {
		t.Fatalf("Parse(%q).String() = %q", s, p.String())
	}
	if again, err := Parse(p.String()); err != nil || again != p {
		t.Fatalf("Parse(%q) = %#v, but parsing its String gives %#v, %v", s, p, again, err)
	}
	if q, err := Parse(swapCase(s)); err != nil || q.Kind != p.Kind {
		t.Fatalf("Parse(%q) is a %v, but Parse(%q) = %v, %v", s, p.Kind, swapCase(s), q.Kind, err)
	}

	// What each matcher must answer for p against its own text and
	// against its path-less role ARN.
	self := func(role, user, ae Result) {
		t.Helper()
		for i, m := range matchers {
			if got, want := m.match(p, s), [...]Result{role, user, ae}[i]; got != want {
				t.Errorf("%s(%q, itself) = %v, want %v", m.name, s, got, want)
			}
		}
	}
	switch p.Kind {
	case Role:
		switch {
		case !p.HasPath():
			self(Yes, Yes, Yes)
		case p.ServiceLinked():
			self(No, No, No)
		default:
			// A placeholder in the path might make it service-linked.
			want := Yes
			if hasPrefix(p.Path, serviceLinkedPath) == Unknown {
				want = Unknown
			}
			self(No, No, want)
		}
	case User, Root, Unresolved:
		self(Yes, Yes, Yes)
	case AssumedRole, Other:
		self(No, No, No)
	}

	if p.Kind == Role || p.Kind == AssumedRole {
		bare := p.RoleARN()
		for _, m := range matchers {
			if got := m.match(p, bare); got != Yes {
				t.Errorf("%s(%q, %q) = %v, want yes", m.name, s, bare, got)
			}
		}
	}
	if bare, ok := PathlessRoleARN(s); ok {
		q, err := Parse(bare)
		if err != nil || q.Kind != Role || q.HasPath() || q.Name != p.Name || q.Account != p.Account {
			t.Errorf("PathlessRoleARN(%q) = %q, which parses to %#v, %v", s, bare, q, err)
		}
		if _, again := PathlessRoleARN(bare); again {
			t.Errorf("PathlessRoleARN(%q) = %q, which it rewrites again", s, bare)
		}
	}
}

// swapCase swaps the case of ASCII letters, the only case ARNs have.
func swapCase(s string) string {
	b := []byte(s)
	for i, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			b[i] = c - 'a' + 'A'
		case 'A' <= c && c <= 'Z':
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

// TestOddInputs runs inputs that have broken parsers elsewhere through the
// fuzz target's checks, so that plain go test covers them by name.
func TestOddInputs(t *testing.T) {
	odd := []string{
		"", "a", "arn", "arn:", "arn:::::", "arn::::::", ":::::", "arn:aws:iam::111122223333:",
		"arn:aws:iam::111122223333:/", "arn:aws:iam::111122223333:role//", "arn:aws:iam::111122223333:role//ci",
		"arn:aws:sts::111122223333:assumed-role/", "arn:aws:sts::111122223333:assumed-role///",
		"\ue000", "\ue001", "\ue001\ue000", "arn:aws:iam::111122223333:role/\ue000",
		"arn:aws:iam::111122223333:role/\ue001ci", "arn:\ue000:\ue000:\ue000:\ue000:\ue000/\ue000",
		"\xff", "arn:aws:iam::111122223333:role/\xff", "\xee\x80", "arn:aws:iam::111122223333:role/ci\x00",
		strings.Repeat("arn:", 1<<16), "arn:aws:iam::111122223333:role/" + strings.Repeat("a/", 1<<16) + "ci",
		strings.Repeat("\ue000", 1<<14) + strings.Repeat("\ue001", 1<<14),
	}
	for _, a := range odd {
		for _, b := range append(odd, ci, ciPath, ciSTS, alice, root, arnRef) {
			p, err := Parse(a)
			PathlessRoleARN(a)
			for _, m := range matchers {
				if r := m.match(p, b); r != No && r != Yes && r != Unknown {
					t.Fatalf("%s(%q, %q) = %v", m.name, a, b, r)
				}
			}
			if err == nil {
				checkParsed(t, a, p)
			}
		}
	}
}
