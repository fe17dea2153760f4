package arn

import (
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// Placeholders as the resolver writes them.
var (
	acctRef = symbol.Wrap("data.aws_caller_identity.current.account_id")
	partRef = symbol.Wrap("data.aws_partition.current.partition")
	nameRef = symbol.Wrap("aws_iam_role.ci.name")
	arnRef  = symbol.Wrap("module.iam.arn")
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Principal
	}{
		// Partitions.
		{"arn:aws:iam::111122223333:role/ci",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Role, Path: "/", Name: "ci"}},
		{"arn:aws-cn:iam::111122223333:role/ci",
			Principal{Partition: "aws-cn", Service: "iam", Account: "111122223333", Kind: Role, Path: "/", Name: "ci"}},
		{"arn:aws-us-gov:iam::111122223333:role/ci",
			Principal{Partition: "aws-us-gov", Service: "iam", Account: "111122223333", Kind: Role, Path: "/", Name: "ci"}},

		// Roles with paths, SSO and service-linked roles.
		{"arn:aws:iam::111122223333:role/service-role/deploy",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Role, Path: "/service-role/", Name: "deploy"}},
		{"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Role, Path: "/aws-reserved/sso.amazonaws.com/eu-west-1/", Name: "AWSReservedSSO_Admin_0123456789abcdef"}},
		{"arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Role, Path: "/aws-service-role/eks.amazonaws.com/", Name: "AWSServiceRoleForAmazonEKS"}},

		// Users, roots, sessions and resources EKS does not map.
		{"arn:aws:iam::111122223333:user/alice",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: User, Path: "/", Name: "alice"}},
		{"arn:aws:iam::111122223333:user/eng/alice",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: User, Path: "/eng/", Name: "alice"}},
		{"arn:aws:iam::111122223333:root",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Root}},
		{"arn:aws:sts::111122223333:assumed-role/ci/gha-1234",
			Principal{Partition: "aws", Service: "sts", Account: "111122223333", Kind: AssumedRole, Name: "ci", Session: "gha-1234"}},
		{"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com",
			Principal{Partition: "aws", Service: "sts", Account: "111122223333", Kind: AssumedRole, Name: "AWSReservedSSO_Admin_0123456789abcdef", Session: "alice@example.com"}},
		{"arn:aws:iam::111122223333:group/admins",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Other, Path: "/", Name: "admins"}},
		{"arn:aws:iam::111122223333:policy/team/deploy",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Other, Path: "/team/", Name: "deploy"}},
		{"arn:aws:sts::111122223333:federated-user/bob",
			Principal{Partition: "aws", Service: "sts", Account: "111122223333", Kind: Other, Name: "bob"}},

		// Keywords in any case; names as written.
		{"ARN:AWS:IAM::111122223333:ROLE/CI",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Role, Path: "/", Name: "CI"}},
		{"arn:aws:STS::111122223333:Assumed-Role/CI/s",
			Principal{Partition: "aws", Service: "sts", Account: "111122223333", Kind: AssumedRole, Name: "CI", Session: "s"}},

		// A placeholder in any single field or name.
		{"arn:aws:iam::" + acctRef + ":role/ci",
			Principal{Partition: "aws", Service: "iam", Account: acctRef, Kind: Role, Path: "/", Name: "ci"}},
		{"arn:" + partRef + ":iam::111122223333:role/ci",
			Principal{Partition: partRef, Service: "iam", Account: "111122223333", Kind: Role, Path: "/", Name: "ci"}},
		{"arn:aws:" + symbol.Wrap("local.svc") + "::111122223333:role/ci",
			Principal{Partition: "aws", Service: symbol.Wrap("local.svc"), Account: "111122223333", Kind: Role, Path: "/", Name: "ci"}},
		{"arn:aws:iam::111122223333:role/" + nameRef,
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Role, Path: "/", Name: nameRef}},
		{"arn:aws:iam::111122223333:role/ci-" + nameRef,
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Role, Path: "/", Name: "ci-" + nameRef}},
		{"arn:aws:iam::111122223333:role/" + symbol.Wrap("local.path") + "/ci",
			Principal{Partition: "aws", Service: "iam", Account: "111122223333", Kind: Role, Path: "/" + symbol.Wrap("local.path") + "/", Name: "ci"}},
		{"arn:aws:sts::" + acctRef + ":assumed-role/" + nameRef + "/" + symbol.Wrap("var.session"),
			Principal{Partition: "aws", Service: "sts", Account: acctRef, Kind: AssumedRole, Name: nameRef, Session: symbol.Wrap("var.session")}},

		// A placeholder that hides the structure.
		{arnRef, Principal{Kind: Unresolved}},
		{"arn:aws:iam::111122223333:" + arnRef, Principal{Kind: Unresolved}},
		{"arn:aws:iam::" + arnRef, Principal{Kind: Unresolved}},
		{"arn:aws:iam:" + symbol.Wrap("var.region") + ":111122223333:role/ci", Principal{Kind: Unresolved}},
		{"arn:aws:iam::111122223333:" + symbol.Wrap("var.type") + "/ci", Principal{Kind: Unresolved}},
		{"arn:aws:sts::111122223333:assumed-role/" + arnRef, Principal{Kind: Unresolved}},
	} {
		got, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		tc.want.raw = tc.in
		if got != tc.want {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", tc.in, got, tc.want)
		}
		if got.String() != tc.in {
			t.Errorf("Parse(%q).String() = %q", tc.in, got.String())
		}
	}
}

func TestParseError(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"", `does not start with "arn:"`},
		{"ci", `does not start with "arn:"`},
		{"role/ci", `does not start with "arn:"`},
		{"x" + arnRef, `does not start with "arn:"`},
		{"arn:aws:iam::111122223333", "needs 6 parts"},
		{"arn:aws:iam:111122223333:role/ci", "needs 6 parts"},
		{"arn:aws-iso:iam::111122223333:role/ci", `partition "aws-iso" is not aws, aws-cn or aws-us-gov`},
		{"arn::iam::111122223333:role/ci", `partition "" is not`},
		{"arn:aws:s3:::bucket", `not an IAM or STS ARN: the service is "s3"`},
		{"arn:aws:eks:eu-west-1:111122223333:cluster/x", "not an IAM or STS ARN"},
		{"arn:aws:iam:us-east-1:111122223333:role/ci", `have no region, found "us-east-1"`},
		{"arn:aws:iam::11112222333:role/ci", `account ID "11112222333" must be 12 digits`},
		{"arn:aws:iam::1111222233334:role/ci", "must be 12 digits"},
		{"arn:aws:iam::1111-2222-3333:role/ci", "must be 12 digits"},
		{"arn:aws:iam::11112222333a:role/ci", "must be 12 digits"},
		{"arn:aws:iam:::role/ci", `account ID "" must be 12 digits`},
		{"arn:aws:iam::111122223333:ci", `resource "ci" is not role/NAME`},
		{"arn:aws:iam::111122223333:role", `resource "role" is not role/NAME`},
		{"arn:aws:iam::111122223333:role/", "role has no name"},
		{"arn:aws:iam::111122223333:role/path/", "role has no name"},
		{"arn:aws:iam::111122223333:rol/ci", `IAM has no principal type "rol"`},
		{"arn:aws:iam::111122223333:assumed-role/ci/s", `IAM has no principal type "assumed-role"`},
		{"arn:aws:sts::111122223333:role/ci", `STS has no resource type "role"`},
		{"arn:aws:sts::111122223333:assumed-role/ci", "assumed-role/ROLE/SESSION"},
		{"arn:aws:sts::111122223333:assumed-role//s", "assumed-role/ROLE/SESSION"},
		{"arn:aws:sts::111122223333:assumed-role/path/ci/s", "assumed-role/ROLE/SESSION"},
		{"arn:aws:iam::111122223333:root/x", "root takes no name"},
		{"arn:aws:" + symbol.Wrap("local.svc") + "::111122223333:thing/x", `no resource type "thing"`},
		// Placeholders elsewhere do not excuse a known field that is wrong.
		{"arn:aws:iam::123:role/" + nameRef, "must be 12 digits"},
		{"arn:aws-iso:iam::" + acctRef + ":role/ci", "partition"},
	} {
		p, err := Parse(tc.in)
		if err == nil {
			t.Errorf("Parse(%q) = %#v, want error containing %q", tc.in, p, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) error %q, want it to contain %q", tc.in, err, tc.want)
		}
	}
}

func TestParseErrorShowsReferences(t *testing.T) {
	for _, in := range []string{
		"arn:aws:iam::123:role/" + nameRef,
		"arn:aws:sts::111122223333:assumed-role/a/b/" + nameRef,
	} {
		_, err := Parse(in)
		if err == nil || !strings.Contains(err.Error(), "<aws_iam_role.ci.name>") || strings.ContainsRune(err.Error(), symbol.Open) {
			t.Errorf("Parse(%q) error %v does not show the reference as symbol.Display does", in, err)
		}
	}
}

func TestPrincipal(t *testing.T) {
	for _, tc := range []struct {
		in            string
		roleARN       string
		hasPath       bool
		serviceLinked bool
		sso           bool
	}{
		{"arn:aws:iam::111122223333:role/ci", "arn:aws:iam::111122223333:role/ci", false, false, false},
		{"arn:aws-cn:iam::111122223333:role/a/b/ci", "arn:aws-cn:iam::111122223333:role/ci", true, false, false},
		{"arn:aws:sts::111122223333:assumed-role/ci/s", "arn:aws:iam::111122223333:role/ci", false, false, false},
		{"ARN:AWS-US-GOV:STS::111122223333:ASSUMED-ROLE/CI/s", "arn:aws-us-gov:iam::111122223333:role/CI", false, false, false},
		{"arn:aws:iam::111122223333:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS",
			"arn:aws:iam::111122223333:role/AWSServiceRoleForAmazonEKS", true, true, false},
		{"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123",
			"arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123", true, false, true},
		{"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123",
			"arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123", true, false, true},
		{"arn:aws:iam::" + acctRef + ":role/" + symbol.Wrap("local.path") + "/" + nameRef,
			"arn:aws:iam::" + acctRef + ":role/" + nameRef, true, false, false},
		// Not known to be service-linked: the path is a placeholder.
		{"arn:aws:iam::111122223333:role/" + symbol.Wrap("local.path") + "/x", "arn:aws:iam::111122223333:role/x", true, false, false},
		{"arn:aws:iam::111122223333:user/aws-service-role/x", "", true, false, false},
		{"arn:aws:iam::111122223333:user/alice", "", false, false, false},
		{"arn:aws:iam::111122223333:root", "", false, false, false},
		{"arn:aws:iam::111122223333:group/admins", "", false, false, false},
		{arnRef, "", false, false, false},
	} {
		p, err := Parse(tc.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if got := p.RoleARN(); got != tc.roleARN {
			t.Errorf("Parse(%q).RoleARN() = %q, want %q", tc.in, got, tc.roleARN)
		}
		if got := p.HasPath(); got != tc.hasPath {
			t.Errorf("Parse(%q).HasPath() = %v", tc.in, got)
		}
		if got := p.ServiceLinked(); got != tc.serviceLinked {
			t.Errorf("Parse(%q).ServiceLinked() = %v", tc.in, got)
		}
		if got := p.SSO(); got != tc.sso {
			t.Errorf("Parse(%q).SSO() = %v", tc.in, got)
		}
	}
}

func TestPathlessRoleARN(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"arn:aws:iam::111122223333:role/service-role/deploy", "arn:aws:iam::111122223333:role/deploy", true},
		{"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123",
			"arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123", true},
		{"arn:aws-cn:sts::111122223333:assumed-role/ci/session", "arn:aws-cn:iam::111122223333:role/ci", true},
		{"arn:aws:sts::" + acctRef + ":assumed-role/ci/session", "arn:aws:iam::" + acctRef + ":role/ci", true},
		{"arn:aws:iam::" + acctRef + ":role/team/" + nameRef, "arn:aws:iam::" + acctRef + ":role/" + nameRef, true},
		{"ARN:AWS:IAM::111122223333:ROLE/Team/CI", "arn:aws:iam::111122223333:role/CI", true},
		// Nothing to fix.
		{"arn:aws:iam::111122223333:role/ci", "", false},
		{"ARN:AWS:IAM::111122223333:ROLE/CI", "", false},
		{"arn:aws:iam::111122223333:user/eng/alice", "", false},
		{"arn:aws:iam::111122223333:root", "", false},
		{"arn:aws:iam::111122223333:group/eng/admins", "", false},
		{"arn:aws:sts::111122223333:federated-user/bob", "", false},
		{arnRef, "", false},
		{"arn:aws:iam::111122223333:" + arnRef, "", false},
		{"garbage", "", false},
		{"", "", false},
	} {
		got, ok := PathlessRoleARN(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("PathlessRoleARN(%q) = %q, %v, want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{
		Other: "other", Role: "role", User: "user", AssumedRole: "assumed-role",
		Root: "root", Unresolved: "unresolved", Kind(42): "Kind(42)", Kind(-1): "Kind(-1)",
	} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
