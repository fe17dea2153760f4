package arn

import (
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

const (
	ci       = "arn:aws:iam::111122223333:role/ci"
	ciPath   = "arn:aws:iam::111122223333:role/service-role/ci"
	ciSTS    = "arn:aws:sts::111122223333:assumed-role/ci/gha-42"
	alice    = "arn:aws:iam::111122223333:user/alice"
	aliceEng = "arn:aws:iam::111122223333:user/eng/alice"
	root     = "arn:aws:iam::111122223333:root"
	sso      = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123"
	ssoSTS   = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice"
	ssoBare  = "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123"
	eksSLR   = "arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS"
)

// TestMatch runs every caller and entry through the three matchers, so
// that each row shows where aws-auth and access entries part ways.
func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		name           string
		caller, entry  string
		role, user, ae Result // MatchAWSAuthRole, MatchAWSAuthUser, MatchAccessEntry
	}{
		{"same role", ci, ci, Yes, Yes, Yes},
		{"other role", ci, "arn:aws:iam::111122223333:role/admin", No, No, No},
		{"other account", ci, "arn:aws:iam::444455556666:role/ci", No, No, No},
		{"partition aws-cn", "arn:aws-cn:iam::111122223333:role/ci", "arn:aws-cn:iam::111122223333:role/ci", Yes, Yes, Yes},
		{"partition aws-us-gov", "arn:aws-us-gov:iam::111122223333:role/ci", "arn:aws-us-gov:iam::111122223333:role/ci", Yes, Yes, Yes},
		{"other partition", ci, "arn:aws-cn:iam::111122223333:role/ci", No, No, No},

		// STS strips the path; aws-auth compares the path-less ARN.
		{"caller path, entry bare", ciPath, ci, Yes, Yes, Yes},
		{"caller path, entry path", ciPath, ciPath, No, No, Yes},
		{"caller bare, entry path", ci, ciPath, No, No, Yes},
		{"entry other path", ciPath, "arn:aws:iam::111122223333:role/other/ci", No, No, Yes},
		{"sso role with path", sso, sso, No, No, Yes},
		{"sso role bare", sso, ssoBare, Yes, Yes, Yes},
		{"sso session", ssoSTS, ssoBare, Yes, Yes, Yes},
		{"sso session, entry path", ssoSTS, sso, No, No, Yes},

		// Assumed-role callers are their role; assumed-role entries never match.
		{"session caller", ciSTS, ci, Yes, Yes, Yes},
		{"session caller, entry path", ciSTS, ciPath, No, No, Yes},
		{"session entry", ci, ciSTS, No, No, No},
		{"session both", ciSTS, ciSTS, No, No, No},
		{"session other role", ciSTS, "arn:aws:iam::111122223333:role/admin", No, No, No},

		// Service-linked roles: aws-auth wants them bare, access entries refuse them.
		{"service-linked", eksSLR, eksSLR, No, No, No},
		{"service-linked bare", eksSLR, "arn:aws:iam::111122223333:role/AWSServiceRoleForAmazonEKS", Yes, Yes, Yes},

		// Users keep their path; the canonical ARN is looked up in both maps.
		{"same user", alice, alice, Yes, Yes, Yes},
		{"user with path", aliceEng, aliceEng, Yes, Yes, Yes},
		{"user path differs", aliceEng, alice, No, No, Yes},
		{"user vs role of same name", "arn:aws:iam::111122223333:user/ci", ci, No, No, No},
		{"role vs user of same name", ci, "arn:aws:iam::111122223333:user/ci", No, No, No},
		{"root", root, root, Yes, Yes, Yes},
		{"root vs role", root, ci, No, No, No},
		{"role vs root", ci, root, No, No, No},

		// Case is ignored, in keywords and names alike.
		{"case of name", ci, "arn:aws:iam::111122223333:role/CI", Yes, Yes, Yes},
		{"case of keywords", ci, "ARN:AWS:IAM::111122223333:ROLE/ci", Yes, Yes, Yes},
		{"case of caller", "arn:aws:sts::111122223333:assumed-role/CI/s", ci, Yes, Yes, Yes},
		{"case of user path", "arn:aws:iam::111122223333:user/ENG/alice", aliceEng, Yes, Yes, Yes},

		// Entries that are not an identity EKS can map.
		{"group", ci, "arn:aws:iam::111122223333:group/ci", No, No, No},
		{"policy", ci, "arn:aws:iam::111122223333:policy/ci", No, No, No},
		{"federated user", "arn:aws:sts::111122223333:federated-user/bob", "arn:aws:sts::111122223333:federated-user/bob", No, No, No},
		{"garbage", ci, "ci", No, No, No},
		{"empty", ci, "", No, No, No},
		{"bad account", ci, "arn:aws:iam::11112222333:role/ci", No, No, No},
		{"region", ci, "arn:aws:iam:us-east-1:111122223333:role/ci", No, No, No},
		{"whitespace", ci, ci + " ", No, No, No},
		{"caller not parsed", "", ci, No, No, No},

		// Placeholders in a field: equal text is equal, otherwise unknown,
		// and a known field that differs is enough for No.
		{"account ref both", "arn:aws:iam::" + acctRef + ":role/ci", "arn:aws:iam::" + acctRef + ":role/ci", Yes, Yes, Yes},
		{"account ref entry", ci, "arn:aws:iam::" + acctRef + ":role/ci", Unknown, Unknown, Unknown},
		{"account ref caller", "arn:aws:iam::" + acctRef + ":role/ci", ci, Unknown, Unknown, Unknown},
		{"account ref, other name", "arn:aws:iam::" + acctRef + ":role/ci", "arn:aws:iam::" + acctRef + ":role/admin", No, No, No},
		{"account refs differ, other name", "arn:aws:iam::" + acctRef + ":role/ci", "arn:aws:iam::" + symbol.Wrap("var.account") + ":role/admin", No, No, No},
		{"account refs differ", "arn:aws:iam::" + acctRef + ":role/ci", "arn:aws:iam::" + symbol.Wrap("var.account") + ":role/ci", Unknown, Unknown, Unknown},
		{"partition ref", ci, "arn:" + partRef + ":iam::111122223333:role/ci", Unknown, Unknown, Unknown},
		{"partition ref both", "arn:" + partRef + ":iam::111122223333:role/ci", "arn:" + partRef + ":iam::111122223333:role/ci", Yes, Yes, Yes},
		{"partition ref, other account", "arn:" + partRef + ":iam::111122223333:role/ci", "arn:" + partRef + ":iam::444455556666:role/ci", No, No, No},
		{"service ref", ci, "arn:aws:" + symbol.Wrap("local.svc") + "::111122223333:role/ci", Unknown, Unknown, Unknown},
		{"service ref caller", "arn:aws:" + symbol.Wrap("local.svc") + "::111122223333:role/ci", ci, Yes, Yes, Yes},
		{"service ref both", "arn:aws:" + symbol.Wrap("local.svc") + "::111122223333:role/ci", "arn:aws:" + symbol.Wrap("local.svc") + "::111122223333:role/ci", Yes, Yes, Yes},
		{"service ref, session caller", "arn:aws:" + symbol.Wrap("local.svc") + "::111122223333:assumed-role/ci/s", "arn:aws:" + symbol.Wrap("local.svc") + "::111122223333:role/ci", Unknown, Unknown, Unknown},
		{"name ref", ci, "arn:aws:iam::111122223333:role/" + nameRef, Unknown, Unknown, Unknown},
		{"name ref both", "arn:aws:iam::111122223333:role/" + nameRef, "arn:aws:iam::111122223333:role/" + nameRef, Yes, Yes, Yes},
		{"name ref, session caller", "arn:aws:sts::111122223333:assumed-role/" + nameRef + "/s", "arn:aws:iam::111122223333:role/" + nameRef, Yes, Yes, Yes},
		{"name ref, known prefix differs", ci, "arn:aws:iam::111122223333:role/admin-" + nameRef, No, No, No},
		{"name ref, known prefix fits", "arn:aws:iam::111122223333:role/ci-prod", "arn:aws:iam::111122223333:role/CI-" + nameRef, Unknown, Unknown, Unknown},
		{"name ref, known suffix differs", ci, "arn:aws:iam::111122223333:role/" + nameRef + "-admin", No, No, No},
		{"name ref, case of literal", "arn:aws:iam::111122223333:role/ci-" + nameRef, "arn:aws:iam::111122223333:role/CI-" + nameRef, Yes, Yes, Yes},
		{"name ref, case of reference", "arn:aws:iam::111122223333:role/" + nameRef, "arn:aws:iam::111122223333:role/" + symbol.Wrap("aws_iam_role.CI.name"), Unknown, Unknown, Unknown},
		{"caller path ref", "arn:aws:iam::111122223333:role/" + symbol.Wrap("local.path") + "/ci", ci, Yes, Yes, Yes},
		{"entry path ref", ci, "arn:aws:iam::111122223333:role/" + symbol.Wrap("local.path") + "/ci", No, No, Unknown},
		{"entry path ref, other name", ci, "arn:aws:iam::111122223333:role/" + symbol.Wrap("local.path") + "/admin", No, No, No},
		{"entry path ref, not service-linked", ci, "arn:aws:iam::111122223333:role/team/" + symbol.Wrap("local.path") + "/ci", No, No, Yes},
		{"user path ref", alice, "arn:aws:iam::111122223333:user/" + symbol.Wrap("local.path") + "/alice", Unknown, Unknown, Yes},

		// Placeholders that hide the structure: only identical text matches.
		{"whole ARN ref", ci, arnRef, Unknown, Unknown, Unknown},
		{"whole ARN ref both", arnRef, arnRef, Yes, Yes, Yes},
		{"whole ARN refs differ", arnRef, symbol.Wrap("module.other.arn"), Unknown, Unknown, Unknown},
		{"whole ARN ref caller", arnRef, ci, Unknown, Unknown, Unknown},
		{"resource ref", ci, "arn:aws:iam::111122223333:" + arnRef, Unknown, Unknown, Unknown},
		{"resource ref both", "arn:aws:iam::111122223333:" + arnRef, "arn:aws:iam::111122223333:" + arnRef, Yes, Yes, Yes},
		{"whole ARN ref caller, session entry", arnRef, ciSTS, No, No, No},
		{"whole ARN ref caller, path entry", arnRef, ciPath, No, No, Unknown},
		{"whole ARN ref caller, garbage entry", arnRef, "ci", No, No, No},
		{"group caller, whole ARN ref entry", "arn:aws:iam::111122223333:group/ci", arnRef, No, No, No},
	} {
		caller, _ := Parse(tc.caller)
		for _, m := range []struct {
			name  string
			match func(Principal, string) Result
			want  Result
		}{
			{"MatchAWSAuthRole", MatchAWSAuthRole, tc.role},
			{"MatchAWSAuthUser", MatchAWSAuthUser, tc.user},
			{"MatchAccessEntry", MatchAccessEntry, tc.ae},
		} {
			if got := m.match(caller, tc.entry); got != m.want {
				t.Errorf("%s: %s(%q, %q) = %v, want %v", tc.name, m.name, tc.caller, tc.entry, got, m.want)
			}
		}
	}
}

func TestField(t *testing.T) {
	x, y := symbol.Wrap("x"), symbol.Wrap("y")
	for _, tc := range []struct {
		a, b string
		want Result
	}{
		{"ci", "ci", Yes},
		{"ci", "CI", Yes},
		{"ci", "cj", No},
		{"", "", Yes},
		{x, x, Yes},
		{x, y, Unknown},
		{x, "", Unknown},
		{"a" + x + "b", "A" + x + "B", Yes},
		{"a" + x + "b", "a" + y + "b", Unknown},
		{"a" + x, "b" + y, No},
		{x + "a", y + "b", No},
		{"ab" + x, "a" + y, Unknown},
		{"abc", "a" + x + "c", Unknown},
		{"abc", "a" + x + "d", No},
		{x + y, x, Unknown},
		// An unterminated placeholder runs to the end.
		{"a\ue000", "a\ue000", Yes},
		{"a\ue000b", "ab", Unknown},
		// Only ASCII letters fold; other bytes compare as they are.
		{"\xff", "\xfe", No},
		{"\u017f", "s", No}, // long s
		{"\u212a", "k", No}, // Kelvin sign
	} {
		if got := field(tc.a, tc.b); got != tc.want {
			t.Errorf("field(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
		if got := field(tc.b, tc.a); got != tc.want {
			t.Errorf("field(%q, %q) = %v, want %v (not symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestResultString(t *testing.T) {
	for r, want := range map[Result]string{No: "no", Yes: "yes", Unknown: "cannot tell", Result(7): "Result(7)"} {
		if got := r.String(); got != want {
			t.Errorf("Result(%d).String() = %q, want %q", int(r), got, want)
		}
	}
}
