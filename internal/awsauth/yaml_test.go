package awsauth

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
	yaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
)

// heredoc is mapRoles as people write it in a heredoc.
const heredoc = `# Nodes first.
- rolearn: arn:aws:iam::111122223333:role/nodes
  username: system:node:{{EC2PrivateDNSName}}
  groups:
    - system:bootstrappers
    - system:nodes

# CI deploys everything.
- rolearn: arn:aws:iam::111122223333:role/ci   # the runner's role
  username: ci
  groups:
  - system:masters
`

func TestFromYAML(t *testing.T) {
	ph := symbol.Wrap
	nodes := role(0, str(nodeARN), str("system:node:{{EC2PrivateDNSName}}"), strs("system:bootstrappers", "system:nodes"))
	ci := role(1, str(ciARN), str("ci"), strs("system:masters"))
	invalid := func(err string) Mappings {
		return Mappings{Complete: true, Ignored: true, Problems: []string{"mapRoles is not valid YAML: " + err + ": aws-auth ignores all of it"}}
	}

	for _, tc := range []struct {
		name string
		kind Kind
		in   cty.Value
		want Mappings
	}{{
		name: "heredoc with comments",
		in:   str(heredoc),
		want: Mappings{Complete: true, Entries: []Entry{nodes, ci}},
	}, {
		name: "CRLF line ends",
		in:   str(strings.ReplaceAll(heredoc, "\n", "\r\n")),
		want: Mappings{Complete: true, Entries: []Entry{nodes, ci}},
	}, {
		name: "yamlencode's style",
		in: str(`- "groups":
  - "system:masters"
  "rolearn": "arn:aws:iam::111122223333:role/ci"
  "username": "ci"
`),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), str("ci"), strs("system:masters"))}},
	}, {
		name: "flow style",
		in:   str(`[{rolearn: "arn:aws:iam::111122223333:role/ci", username: ci, groups: [system:masters]}]`),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), str("ci"), strs("system:masters"))}},
	}, {
		name: "JSON text",
		in:   str(`[{"groups":["system:masters"],"rolearn":"arn:aws:iam::111122223333:role/ci","username":"ci"}]`),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), str("ci"), strs("system:masters"))}},
	}, {
		name: "user mappings",
		kind: UserMapping,
		in:   str("- userarn: arn:aws:iam::111122223333:user/alice\n  username: alice\n  groups: [system:masters]\n"),
		want: Mappings{Complete: true, Entries: []Entry{entry(UserMapping, 0, str(userARN), str("alice"), strs("system:masters"))}},
	}, {
		name: "keys in another case",
		in:   str("- roleARN: arn:aws:iam::111122223333:role/ci\n  UserName: ci\n"),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), str("ci"), nilVal)}},
	}, {
		name: "misspelt keys and the other list's key",
		in:   str("- role_arn: arn:aws:iam::111122223333:role/ci\n  userarn: arn:aws:iam::111122223333:user/alice\n"),
		want: Mappings{Complete: true, Entries: []Entry{role(0, nilVal, nilVal, nilVal,
			`key "role_arn" is not "rolearn": aws-auth ignores it`,
			`key "userarn" belongs in mapUsers: mapRoles ignores it`,
			"rolearn is missing: aws-auth drops the entry",
		)}},
	}, {
		name: "numbers as ARNs",
		in:   str("- rolearn: 111122223333\n  groups: [system:masters]\n- rolearn: 0x1F\n"),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, nilVal, nilVal, strs("system:masters"), "rolearn is a number, not a string: aws-auth drops the entry"),
			role(1, nilVal, nilVal, nilVal, "rolearn is a number, not a string: aws-auth drops the entry"),
		}},
	}, {
		name: "groups as a string",
		in:   str("- rolearn: arn:aws:iam::111122223333:role/ci\n  groups: system:masters\n"),
		want: Mappings{Complete: true, Entries: []Entry{role(0, str(ciARN), nilVal, nilVal, "groups is a string, not a list: aws-auth ignores it")}},
	}, {
		name: "invalid YAML drops everything",
		in:   str("- rolearn: arn:aws:iam::111122223333:role/ci\n username: ci\n"),
		want: invalid("on line 1, column 2: did not find expected '-' indicator"),
	}, {
		name: "an unclosed bracket",
		in:   str(`[{"rolearn": "arn:aws:iam::111122223333:role/ci"}`),
		want: invalid("on line 1, column 1: did not find expected ',' or ']'"),
	}, {
		name: "a map, not a list",
		in:   str("rolearn: arn:aws:iam::111122223333:role/ci\nusername: ci\n"),
		want: Mappings{Complete: true, Ignored: true, Problems: []string{"mapRoles is an object, not a list: aws-auth ignores all of it"}},
	}, {
		name: "a scalar, not a list",
		in:   str("arn:aws:iam::111122223333:role/ci"),
		want: Mappings{Complete: true, Ignored: true, Problems: []string{"mapRoles is a string, not a list: aws-auth ignores all of it"}},
	}, {
		name: "empty",
		in:   str(""),
		want: Mappings{Complete: true},
	}, {
		name: "blank",
		in:   str(" \n\t\n"),
		want: Mappings{Complete: true},
	}, {
		name: "comments only",
		in:   str("# nobody yet\n"),
		want: Mappings{Complete: true},
	}, {
		name: "quotes only, which the authenticator skips",
		in:   str(`""`),
		want: Mappings{Complete: true},
	}, {
		name: "null",
		in:   str("~\n"),
		want: Mappings{Complete: true},
	}, {
		name: "empty list",
		in:   str("[]"),
		want: Mappings{Complete: true},
	}, {
		name: "several documents: the first counts",
		in:   str("---\n- rolearn: arn:aws:iam::111122223333:role/ci\n---\n- rolearn: arn:aws:iam::111122223333:role/nodes\n"),
		want: Mappings{Complete: true, Problems: []string{"mapRoles holds more than one YAML document: aws-auth reads only the first"},
			Entries: []Entry{role(0, str(ciARN), nilVal, nilVal)}},
	}, {
		name: "anchors and aliases",
		in:   str("- rolearn: arn:aws:iam::111122223333:role/nodes\n  groups: &nodes [system:bootstrappers, system:nodes]\n- rolearn: arn:aws:iam::111122223333:role/ci\n  groups: *nodes\n"),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, str(nodeARN), nilVal, strs("system:bootstrappers", "system:nodes")),
			role(1, str(ciARN), nilVal, strs("system:bootstrappers", "system:nodes")),
		}},
	}, {
		name: "a merge key",
		in:   str("- &base {username: ci, groups: [system:masters], rolearn: arn:aws:iam::111122223333:role/nodes}\n- <<: *base\n  rolearn: arn:aws:iam::111122223333:role/ci\n"),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, str(nodeARN), str("ci"), strs("system:masters")),
			role(1, str(ciARN), str("ci"), strs("system:masters")),
		}},
	}, {
		name: "unknown text",
		in:   cty.UnknownVal(cty.String),
		want: Mappings{},
	}, {
		name: "null text",
		in:   cty.NullVal(cty.String),
		want: Mappings{Complete: true},
	}, {
		name: "a number for text",
		in:   cty.NumberIntVal(5),
		want: Mappings{Complete: true, Ignored: true, Problems: []string{"mapRoles is a number, not a list: aws-auth ignores all of it"}},
	}, {
		name: "a list for text",
		in:   strs("x"),
		want: Mappings{Complete: true, Problems: []string{"mapRoles is a list, not YAML text"}},
	}, {
		name: "placeholders in scalars are text",
		in:   str("- rolearn: arn:aws:iam::" + ph("var.account") + ":role/ci\n  username: " + ph("var.user") + "\n"),
		want: Mappings{Complete: true, Entries: []Entry{
			role(0, str("arn:aws:iam::"+ph("var.account")+":role/ci"), str(ph("var.user")), nilVal),
		}},
	}, {
		name: "a placeholder for an entry",
		in:   str("- " + ph("local.extra_role") + "\n- rolearn: arn:aws:iam::111122223333:role/ci\n"),
		want: Mappings{Complete: false, Entries: []Entry{role(1, str(ciARN), nilVal, nilVal)}},
	}, {
		name: "a placeholder for the whole text",
		in:   str(ph("module.eks.aws_auth_yaml")),
		want: Mappings{},
	}, {
		name: "a placeholder that breaks the syntax",
		in:   str(`[{"rolearn": "` + ph(`module.iam["ci"].arn`) + `"}]`),
		want: Mappings{Problems: []string{"mapRoles is not valid YAML with placeholders for unknown values in it, so what it grants is unknown: did not find expected ',' or '}'"}},
	}, {
		name: "more than a ConfigMap holds",
		in:   str("- " + strings.Repeat("x", maxText)),
		want: Mappings{Problems: []string{"mapRoles is not read: it is 1048578 bytes, more than the 1 MiB a ConfigMap can hold"}},
	}, {
		name: "nested without end",
		in:   str(strings.Repeat("[", 100000) + strings.Repeat("]", 100000)),
		want: Mappings{Problems: []string{"mapRoles is not read: it nests too deeply, or uses too many aliases, to read in bounded time"}},
	}, {
		name: "indented without end",
		in:   str(strings.Repeat("- ", 100000) + "x"),
		want: Mappings{Problems: []string{"mapRoles is not read: a line starts with 200000 columns of indentation and indicators, more than the 128 allowed"}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			checkMappings(t, FromYAML(tc.kind, tc.in), tc.want)
		})
	}
}

func TestFromYAMLKeepsMarks(t *testing.T) {
	got := FromYAML(RoleMapping, cty.StringVal(heredoc).Mark("p"))
	want := Mappings{Complete: true, Entries: []Entry{
		role(0, str(nodeARN).Mark("p"), str("system:node:{{EC2PrivateDNSName}}").Mark("p"), strs("system:bootstrappers", "system:nodes").Mark("p")),
		role(1, str(ciARN).Mark("p"), str("ci").Mark("p"), strs("system:masters").Mark("p")),
	}}
	checkMappings(t, got, want)
	if !got.Entries[0].IsNode() || got.Entries[1].IsNode() {
		t.Errorf("IsNode = %v, %v; want true, false", got.Entries[0].IsNode(), got.Entries[1].IsNode())
	}
}

// TestFromYAMLAliasBomb reads a document whose aliases expand to 9^9
// strings. Decoding shares what aliases refer to, and nothing walks into
// the groups that are not strings.
func TestFromYAMLAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("- &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 8; i++ {
		fmt.Fprintf(&b, "- &a%d [*a%[2]d, *a%[2]d, *a%[2]d, *a%[2]d, *a%[2]d, *a%[2]d, *a%[2]d, *a%[2]d, *a%[2]d]\n", i, i-1)
	}
	b.WriteString("- {rolearn: arn:aws:iam::111122223333:role/ci, groups: *a8}\n")
	start := time.Now()
	got := FromYAML(RoleMapping, str(b.String()))
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
	if !got.Complete || len(got.Entries) != 10 {
		t.Fatalf("Complete = %v with %d entries, want 10", got.Complete, len(got.Entries))
	}
	last := got.Entries[9]
	checkStrings(t, "Problems", last.Problems, []string{"groups[0] is a list, not a string, and 8 more elements are not strings either: aws-auth ignores them"})
	if last.IsNode() {
		t.Error("IsNode = true")
	}
}

// TestDecodeAsImpliedType checks that decoding to cty.DynamicPseudoType is
// what decoding to ImpliedType's result would be.
func TestDecodeAsImpliedType(t *testing.T) {
	for _, text := range []string{
		heredoc,
		`[{"rolearn": "a", "groups": ["x", 1, true, null]}]`,
		"- {a: [1, {b: c}], d: 2024-01-02}\n- ~\n- !!str 5\n",
		"- &x {a: 1}\n- <<: *x\n  b: 2\n",
	} {
		ty, err := yaml.Standard.ImpliedType([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		want, err := yaml.Standard.Unmarshal([]byte(text), ty)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decode(text)
		if err != nil || !got.RawEquals(want) {
			t.Errorf("decode(%q) = %#v, %v\nwant %#v", text, got, err, want)
		}
	}
}

func TestTooCostly(t *testing.T) {
	var yamlencoded, templated, nodes strings.Builder
	for i := 0; yamlencoded.Len() < 1<<19; i++ {
		fmt.Fprintf(&yamlencoded, "- \"groups\":\n  - \"system:masters\"\n  \"rolearn\": \"arn:aws:iam::111122223333:role/r%d\"\n  \"username\": \"r%d\"\n", i, i)
	}
	for i := range 800 {
		fmt.Fprintf(&templated, "- rolearn: arn:aws:iam::111122223333:role/r%d\n  username: r%d\n  groups: [\"system:masters\"]\n", i, i)
	}
	for i := range 300 {
		fmt.Fprintf(&nodes, "- rolearn: arn:aws:iam::111122223333:role/n%d\n  username: system:node:{{EC2PrivateDNSName}}\n  groups: [system:bootstrappers, system:nodes]\n", i)
	}
	json := "[" + strings.Repeat(`{"rolearn":"arn:aws:iam::111122223333:role/ci","groups":["system:masters"]},`, 12000) + "{}]"

	for _, tc := range []struct {
		name   string
		text   string
		reject bool
	}{
		{"heredoc", heredoc, false},
		{"half a MiB of yamlencode", yamlencoded.String(), false},
		{"800 entries with a flow list each", templated.String(), false},
		{"300 node entries", nodes.String(), false},
		{"1 MiB of JSON", json, false},
		{"JSON 30 deep", strings.Repeat("[", 30) + strings.Repeat("]", 30), false},
		{"JSON 10000 deep", strings.Repeat("[", 10000) + strings.Repeat("]", 10000), true},
		{"YAML 10000 deep", strings.Repeat("[", 10000), false},
		{"YAML 20000 deep", strings.Repeat("[", 20000), true},
		{"brackets hidden in strings", strings.Repeat(`["]]]]]]]]", `, 5000), true},
		{"compact sequences", strings.Repeat("- ", 200) + "x", true},
		{"indentation", strings.Repeat(" ", 129) + "x", true},
		{"indentation after a line separator", "x\u2028" + strings.Repeat("- ", 100) + "x", true},
		{"aliases of a big mapping", "- &a {" + strings.Repeat("k: v, ", 2000) + "}\n" + strings.Repeat("- *a\n", 1000), true},
		{"merges", "- &a {k: v}\n" + strings.Repeat("- {<<: *a}\n", 2000), true},
		{"too big", strings.Repeat("#", maxText+1), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			why := tooCostly(tc.text)
			if (why != "") != tc.reject {
				t.Errorf("tooCostly = %q, want rejected: %v", why, tc.reject)
			}
		})
	}
}

func TestBlockLead(t *testing.T) {
	for text, want := range map[string]int{
		"":                        0,
		"- a: b":                  2,
		"- - - x\n  - y":          6,
		"a:\n    - b: c\n":        6,
		"\ufeff- x":               3,
		"x # - - - - -":           0,
		"a\r- - x":                4,
		"a\u0085- - - x":          6,
		"a\u2029    x":            4,
		"? - a\n: - b":            4,
		"\t- x":                   3,
		"rolearn: arn:aws:iam::1": 0,
	} {
		if got := blockLead(text); got != want {
			t.Errorf("blockLead(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestFirstDocument(t *testing.T) {
	for _, tc := range []struct {
		text, first string
		more        bool
	}{
		{"- a\n", "- a\n", false},
		{"---\n- a\n", "---\n- a\n", false},
		{"%YAML 1.1\n---\n- a\n---\n- b\n", "%YAML 1.1\n---\n- a\n", true},
		{"# c\n---\n- a\n--- \n- b\n", "# c\n---\n- a\n", true},
		{"- a\n...\n- b\n", "- a\n", true},
		{"- a\n---\n- b\n", "- a\n", true},
		{"- a\n----\n", "- a\n----\n", false},
	} {
		first, more := firstDocument(tc.text)
		if first != tc.first || more != tc.more {
			t.Errorf("firstDocument(%q) = %q, %v; want %q, %v", tc.text, first, more, tc.first, tc.more)
		}
	}
}

// Document reads one manifest, placeholders as scalars, and refuses what
// cannot be read as one document whole.
func TestDocument(t *testing.T) {
	for _, tc := range []struct {
		text string
		ok   bool
		kind string
	}{
		{"kind: EC2NodeClass\nmetadata:\n  name: default\n", true, "EC2NodeClass"},
		{"kind: ConfigMap\nrole: " + symbol.Wrap("module.k.role_name") + "\n", true, "ConfigMap"},
		{"kind: Deployment\n" + symbol.Wrap("var.more") + "\n", false, ""},
		{"kind: A\n---\nkind: B\n", false, ""},
		{"kind: [unclosed\n", false, ""},
		{"# only a comment\n", false, ""},
		{strings.Repeat("[", 1<<16), false, ""},
	} {
		v, ok := Document(tc.text)
		if ok != tc.ok {
			t.Errorf("Document(%.40q) ok = %v, want %v", tc.text, ok, tc.ok)
			continue
		}
		if ok && v.GetAttr("kind").AsString() != tc.kind {
			t.Errorf("Document(%.40q) kind = %#v, want %q", tc.text, v.GetAttr("kind"), tc.kind)
		}
	}
}
