package awsauth

import (
	"fmt"
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
	"github.com/zclconf/go-cty/cty"
)

const (
	ciARN   = "arn:aws:iam::111122223333:role/ci"
	nodeARN = "arn:aws:iam::111122223333:role/nodes"
	userARN = "arn:aws:iam::111122223333:user/alice"
)

func str(s string) cty.Value { return cty.StringVal(s) }

func strs(ss ...string) cty.Value {
	vals := make([]cty.Value, len(ss))
	for i, s := range ss {
		vals[i] = str(s)
	}
	return cty.TupleVal(vals)
}

func obj(attrs ...any) cty.Value {
	m := map[string]cty.Value{}
	for i := 0; i < len(attrs); i += 2 {
		v, ok := attrs[i+1].(cty.Value)
		if !ok {
			v = str(attrs[i+1].(string))
		}
		m[attrs[i].(string)] = v
	}
	return cty.ObjectVal(m)
}

func tuple(vals ...cty.Value) cty.Value { return cty.TupleVal(vals) }

// role is a mapRoles entry as FromValue returns it; nil leaves are cty.NilVal.
func role(i int, arn, username, groups cty.Value, problems ...string) Entry {
	return entry(RoleMapping, i, arn, username, groups, problems...)
}

func entry(kind Kind, i int, arn, username, groups cty.Value, problems ...string) Entry {
	return Entry{Kind: kind, Index: i, ARN: arn, Username: username, Groups: groups, Problems: problems}
}

var nilVal = cty.NilVal

func TestFromValue(t *testing.T) {
	ph := symbol.Wrap
	node := obj("rolearn", nodeARN, "username", "system:node:{{EC2PrivateDNSName}}", "groups", strs("system:bootstrappers", "system:nodes"))
	admin := obj("rolearn", ciARN, "username", "ci", "groups", strs("system:masters"))
	adminType := admin.Type()

	for _, tc := range []struct {
		name string
		kind Kind
		in   cty.Value
		want Mappings
	}{{
		name: "tuple of objects",
		in:   tuple(node, admin),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, str(nodeARN), str("system:node:{{EC2PrivateDNSName}}"), strs("system:bootstrappers", "system:nodes")),
			role(1, str(ciARN), str("ci"), strs("system:masters")),
		}},
	}, {
		name: "list of objects",
		in: cty.ListVal([]cty.Value{
			cty.ObjectVal(map[string]cty.Value{"rolearn": str(ciARN), "username": str("ci"), "groups": cty.ListVal([]cty.Value{str("system:masters")})}),
		}),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, str(ciARN), str("ci"), cty.ListVal([]cty.Value{str("system:masters")})),
		}},
	}, {
		name: "set of objects",
		in:   cty.SetVal([]cty.Value{admin}),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, str(ciARN), str("ci"), strs("system:masters")),
		}},
	}, {
		name: "maps as entries",
		in:   tuple(cty.MapVal(map[string]cty.Value{"rolearn": str(ciARN), "username": str("ci")})),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), str("ci"), nilVal)}},
	}, {
		name: "user mappings",
		kind: UserMapping,
		in:   tuple(obj("userarn", userARN, "username", "alice", "groups", strs("system:masters"))),
		want: Mappings{Complete: true, Entries: []Entry{
			entry(UserMapping, 0, str(userARN), str("alice"), strs("system:masters")),
		}},
	}, {
		name: "extra and misspelt keys",
		in:   tuple(obj("role_arn", ciARN, "usename", "ci", "group", strs("system:masters"), "comment", "CI")),
		want: Mappings{Complete: true, Entries: []Entry{role(0, nilVal, nilVal, nilVal,
			`key "comment" is not one aws-auth reads: it is ignored`,
			`key "group" is not "groups": aws-auth ignores it`,
			`key "role_arn" is not "rolearn": aws-auth ignores it`,
			`key "usename" is not "username": aws-auth ignores it`,
			"rolearn is missing: aws-auth drops the entry",
		)}},
	}, {
		name: "keys match whatever their case",
		in:   tuple(obj("roleArn", ciARN, "UserName", "ci", "GROUPS", strs("system:masters"))),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), str("ci"), strs("system:masters"))}},
	}, {
		name: "keys that fold together: the last in byte order wins",
		in:   tuple(obj("rolearn", ciARN, "RoleArn", nodeARN)),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), nilVal, nilVal,
			`keys "RoleArn", "rolearn" all set rolearn: aws-auth uses "rolearn"`,
		)}},
	}, {
		name: "a later key of the wrong type does not win",
		in:   tuple(obj("RoleArn", ciARN, "rolearn", cty.NumberIntVal(1))),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), nilVal, nilVal,
			"rolearn is a number, not a string: aws-auth ignores it",
			`keys "RoleArn", "rolearn" all set rolearn: aws-auth uses "RoleArn"`,
		)}},
	}, {
		name: "the other list's key",
		in:   tuple(obj("userarn", userARN, "groups", strs("system:masters"))),
		want: Mappings{Complete: true, Entries: []Entry{role(0, nilVal, nilVal, strs("system:masters"),
			`key "userarn" belongs in mapUsers: mapRoles ignores it`,
			"rolearn is missing: aws-auth drops the entry",
		)}},
	}, {
		name: "the other list's key, in mapUsers",
		kind: UserMapping,
		in:   tuple(obj("role_arn", ciARN)),
		want: Mappings{Complete: true, Entries: []Entry{entry(UserMapping, 0, nilVal, nilVal, nilVal,
			`key "role_arn" belongs in mapRoles: mapUsers ignores it`,
			"userarn is missing: aws-auth drops the entry",
		)}},
	}, {
		name: "numbers and bools where strings belong",
		in:   tuple(obj("rolearn", cty.NumberIntVal(111122223333), "username", cty.True, "groups", "system:masters")),
		want: Mappings{Complete: true, Entries: []Entry{role(0, nilVal, nilVal, nilVal,
			"rolearn is a number, not a string: aws-auth drops the entry",
			"username is a bool, not a string: aws-auth ignores it",
			"groups is a string, not a list: aws-auth ignores it",
		)}},
	}, {
		name: "groups that are not strings read as null",
		in:   tuple(obj("rolearn", ciARN, "groups", tuple(str("system:masters"), cty.NumberIntVal(1), strs("x")))),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), nilVal,
			tuple(str("system:masters"), cty.NullVal(cty.String), cty.NullVal(cty.String)),
			"groups[1] is a number, not a string, and one more element is not a string either: aws-auth ignores them",
		)}},
	}, {
		name: "null, empty and missing",
		in: tuple(
			cty.NullVal(adminType),
			obj("rolearn", cty.NullVal(cty.String), "username", cty.NullVal(cty.String)),
			obj("rolearn", ""),
			obj("username", "x"),
		),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, nilVal, nilVal, nilVal, "the entry is null: aws-auth drops it"),
			role(1, nilVal, nilVal, nilVal, "rolearn is null: aws-auth drops the entry", "username is null: aws-auth ignores it"),
			role(2, nilVal, nilVal, nilVal, "rolearn is empty: aws-auth drops the entry"),
			role(3, nilVal, str("x"), nilVal, "rolearn is missing: aws-auth drops the entry"),
		}},
	}, {
		name: "elements that are not objects",
		in:   tuple(str(ciARN), strs(ciARN)),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, nilVal, nilVal, nilVal, "the entry is a string, not an object: aws-auth drops it"),
			role(1, nilVal, nilVal, nilVal, "the entry is a list, not an object: aws-auth drops it"),
		}},
	}, {
		name: "an unknown element hides grants",
		in:   tuple(cty.UnknownVal(adminType), admin),
		want: Mappings{Complete: false, Entries: []Entry{role(1, str(ciARN), str("ci"), strs("system:masters"))}},
	}, {
		name: "unknown list",
		in:   cty.UnknownVal(cty.List(adminType)),
		want: Mappings{},
	}, {
		name: "dynamic",
		in:   cty.DynamicVal,
		want: Mappings{},
	}, {
		name: "unknown leaves",
		in:   tuple(obj("rolearn", cty.UnknownVal(cty.String), "groups", cty.UnknownVal(cty.List(cty.String)))),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, cty.UnknownVal(cty.String), nilVal, cty.UnknownVal(cty.List(cty.String))),
		}},
	}, {
		name: "null list",
		in:   cty.NullVal(cty.List(adminType)),
		want: Mappings{Complete: true},
	}, {
		name: "nil",
		in:   cty.NilVal,
		want: Mappings{Complete: true},
	}, {
		name: "not a list",
		in:   admin,
		want: Mappings{Complete: true, Ignored: true, Problems: []string{"mapRoles is an object, not a list: aws-auth ignores all of it"}},
	}, {
		name: "a placeholder for the list",
		in:   str(ph("var.roles")),
		want: Mappings{},
	}, {
		name: "a placeholder for an element",
		in:   tuple(str(ph("module.iam.mapping")), admin),
		want: Mappings{Complete: false, Entries: []Entry{role(1, str(ciARN), str("ci"), strs("system:masters"))}},
	}, {
		name: "a placeholder for groups",
		in:   tuple(obj("rolearn", ciARN, "groups", cty.StringVal(ph("local.groups")).Mark("g"))),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), nilVal, cty.DynamicVal.Mark("g"))}},
	}, {
		name: "a placeholder in a key",
		in:   tuple(cty.MapVal(map[string]cty.Value{ph("var.key"): str(ciARN)})),
		want: Mappings{Complete: false, Entries: []Entry{role(0, nilVal, nilVal, nilVal, "rolearn is missing: aws-auth drops the entry")}},
	}, {
		name: "placeholders in an ARN are text",
		in:   tuple(obj("rolearn", "arn:aws:iam::"+ph("data.aws_caller_identity.current.account_id")+":role/ci")),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, str("arn:aws:iam::"+ph("data.aws_caller_identity.current.account_id")+":role/ci"), nilVal, nilVal),
		}},
	}, {
		name: "the same ARN twice: the last entry wins",
		in:   tuple(admin, node, obj("rolearn", strings.ToUpper(ciARN), "username", "ci2")),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, nilVal, str("ci"), strs("system:masters"), "entry 2 has the same rolearn: aws-auth keeps that one and drops this"),
			role(1, str(nodeARN), str("system:node:{{EC2PrivateDNSName}}"), strs("system:bootstrappers", "system:nodes")),
			role(2, str(strings.ToUpper(ciARN)), str("ci2"), nilVal),
		}},
	}, {
		name: "sso",
		in: tuple(
			obj("rolearn", ciARN, "sso", obj("permissionSetName", "Admin", "accountID", "111122223333")),
			obj("sso", obj("permissionSetName", "Admin", "accountID", "111122223333"), "userid", "AROAEXAMPLE"),
		),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, nilVal, nilVal, nilVal, "rolearn and sso are both set: aws-auth drops the entry"),
			role(1, nilVal, nilVal, nilVal, "rolearn is missing: the entry matches by sso instead, an aws-iam-authenticator feature that is off by default"),
		}},
	}, {
		name: "sso means nothing in mapUsers",
		kind: UserMapping,
		in:   tuple(obj("userarn", userARN, "sso", obj())),
		want: Mappings{Complete: true, Entries: []Entry{
			entry(UserMapping, 0, str(userARN), nilVal, nilVal, `key "sso" is not one aws-auth reads: it is ignored`),
		}},
	}, {
		name: "not a kind",
		kind: Kind(7),
		in:   tuple(admin),
		want: Mappings{Problems: []string{"Kind(7) is not a kind of aws-auth mapping"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			checkMappings(t, FromValue(tc.kind, tc.in), tc.want)
		})
	}
}

func TestFromValueKeepsMarks(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   cty.Value
		want Entry
	}{{
		name: "marked leaves",
		in: tuple(obj(
			"rolearn", cty.StringVal(ciARN).Mark("p"),
			"username", cty.StringVal("ci").Mark("u"),
			"groups", cty.TupleVal([]cty.Value{cty.StringVal("system:masters").Mark("g")}).Mark("gs"),
		)),
		want: role(0, cty.StringVal(ciARN).Mark("p"), cty.StringVal("ci").Mark("u"),
			cty.TupleVal([]cty.Value{cty.StringVal("system:masters").Mark("g")}).Mark("gs")),
	}, {
		name: "a marked list marks every leaf",
		in:   tuple(obj("rolearn", ciARN, "username", "ci")).Mark("sensitive"),
		want: role(0, cty.StringVal(ciARN).Mark("sensitive"), cty.StringVal("ci").Mark("sensitive"), nilVal),
	}, {
		name: "a marked element marks its leaves",
		in:   tuple(obj("rolearn", cty.StringVal(ciARN).Mark("p")).Mark("e")),
		want: role(0, cty.StringVal(ciARN).WithMarks(cty.NewValueMarks("p", "e")), nilVal, nilVal),
	}, {
		name: "marks stay on a group read as null",
		in:   tuple(obj("rolearn", ciARN, "groups", tuple(cty.NumberIntVal(1).Mark("n")))),
		want: role(0, str(ciARN), nilVal, tuple(cty.NullVal(cty.String).Mark("n")), "groups[0] is a number, not a string: aws-auth ignores it"),
	}, {
		name: "a marked duplicate is still a duplicate",
		in:   tuple(obj("rolearn", cty.StringVal(ciARN).Mark("p")), obj("rolearn", ciARN)),
		want: role(0, nilVal, nilVal, nilVal, "entry 1 has the same rolearn: aws-auth keeps that one and drops this"),
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := FromValue(RoleMapping, tc.in)
			if len(got.Entries) == 0 {
				t.Fatalf("no entries: %+v", got)
			}
			checkEntry(t, got.Entries[0], tc.want)
		})
	}
}

func TestIsNode(t *testing.T) {
	for _, tc := range []struct {
		name     string
		username cty.Value
		groups   cty.Value
		want     bool
	}{
		{"EC2 node", str("system:node:{{EC2PrivateDNSName}}"), nilVal, true},
		{"Fargate profile", str("system:node:{{SessionName}}"), nilVal, true},
		{"nodes group", str("anything"), strs("system:nodes"), true},
		{"bootstrappers group", nilVal, cty.SetVal([]cty.Value{str("system:bootstrappers")}), true},
		{"a known group among unknown ones", nilVal, cty.ListVal([]cty.Value{cty.UnknownVal(cty.String), str("system:nodes")}), true},
		{"marked groups", nilVal, cty.TupleVal([]cty.Value{str("system:nodes").Mark("g")}).Mark("gs"), true},
		{"marked username", str("system:node:{{SessionName}}").Mark("p"), nilVal, true},
		{"admin", str("ci"), strs("system:masters"), false},
		{"node-like username", str("system:node:ci"), strs("system:masters"), false},
		{"groups spelt otherwise", nilVal, strs("System:Nodes"), false},
		{"unknown groups", nilVal, cty.UnknownVal(cty.List(cty.String)), false},
		{"null groups", cty.NullVal(cty.String), cty.NullVal(cty.List(cty.String)), false},
		{"nothing", nilVal, nilVal, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := Entry{ARN: str(ciARN), Username: tc.username, Groups: tc.groups}
			if got := e.IsNode(); got != tc.want {
				t.Errorf("IsNode() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNearMiss(t *testing.T) {
	fields := RoleMapping.fields()[:3]
	for key, want := range map[string]string{
		"role_arn": "rolearn",
		"Role-ARN": "rolearn",
		"rolarn":   "rolearn",
		"usrname":  "username",
		"group":    "groups",
		"arn":      "",
		"name":     "",
		"comment":  "",
		"":         "",
	} {
		if got := nearMiss(normalize(key), fields); got != want {
			t.Errorf("nearMiss(%q) = %q, want %q", key, got, want)
		}
	}
}

// checkMappings reports how got differs from want, comparing values with
// their marks.
func checkMappings(t *testing.T, got, want Mappings) {
	t.Helper()
	if got.Complete != want.Complete {
		t.Errorf("Complete = %v, want %v", got.Complete, want.Complete)
	}
	if got.Ignored != want.Ignored {
		t.Errorf("Ignored = %v, want %v", got.Ignored, want.Ignored)
	}
	checkStrings(t, "Problems", got.Problems, want.Problems)
	if len(got.Entries) != len(want.Entries) {
		t.Fatalf("%d entries, want %d:\n%s", len(got.Entries), len(want.Entries), dump(got.Entries))
	}
	for i := range got.Entries {
		checkEntry(t, got.Entries[i], want.Entries[i])
	}
}

func checkEntry(t *testing.T, got, want Entry) {
	t.Helper()
	if got.Kind != want.Kind || got.Index != want.Index {
		t.Errorf("entry %s[%d], want %s[%d]", got.Kind, got.Index, want.Kind, want.Index)
	}
	for _, f := range []struct {
		name      string
		got, want cty.Value
	}{{"ARN", got.ARN, want.ARN}, {"Username", got.Username, want.Username}, {"Groups", got.Groups, want.Groups}} {
		if !same(f.got, f.want) {
			t.Errorf("entry %d: %s = %#v, want %#v", got.Index, f.name, f.got, f.want)
		}
	}
	checkStrings(t, fmt.Sprintf("entry %d: Problems", got.Index), got.Problems, want.Problems)
}

func checkStrings(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != len(want) {
		t.Errorf("%s = %q\nwant %q", what, got, want)
	}
}

// same is RawEquals, which compares marks too, extended to cty.NilVal.
func same(a, b cty.Value) bool {
	if a == cty.NilVal || b == cty.NilVal {
		return a == b
	}
	return a.RawEquals(b)
}

func dump(es []Entry) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "  [%d] %#v %#v %#v %q\n", e.Index, e.ARN, e.Username, e.Groups, e.Problems)
	}
	return b.String()
}
