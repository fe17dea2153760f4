package awsauth

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/zclconf/go-cty/cty"
)

// FuzzFromYAML reads arbitrary text as mapRoles and mapUsers. Besides not
// panicking, results must keep the input's marks on every value they
// return, hold nothing but strings (or unknowns) where the authenticator
// reads strings, and never hand back a value nested more deeply than the
// work bound assumed.
func FuzzFromYAML(f *testing.F) {
	for _, seed := range []string{
		heredoc,
		`[{"rolearn": "arn:aws:iam::111122223333:role/ci", "groups": ["system:masters"]}]`,
		"- {rolearn: a, RoleArn: b, groups: [x, 1, [y]], sso: {}}\n- ~\n- x\n",
		"- &a {rolearn: a}\n- <<: *a\n  username: b\n",
		"---\n- rolearn: a\n---\n- rolearn: b\n",
		"- rolearn: \ue000var.x\ue001\n- \ue000local.y\ue001\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, kind := range []Kind{RoleMapping, UserMapping} {
			got := FromYAML(kind, cty.StringVal(text).Mark("fuzz"))
			if len(got.Entries) > len(text) {
				t.Fatalf("%d entries from %d bytes", len(got.Entries), len(text))
			}
			prev := -1
			for _, e := range got.Entries {
				if e.Kind != kind || e.Index <= prev {
					t.Fatalf("entry %s[%d] after [%d]", e.Kind, e.Index, prev)
				}
				prev = e.Index
				checkLeaf(t, "ARN", e.ARN)
				checkLeaf(t, "Username", e.Username)
				checkGroups(t, e.Groups)
				e.IsNode()
			}
			unmarked := FromYAML(kind, cty.StringVal(text))
			if len(unmarked.Entries) != len(got.Entries) || unmarked.Complete != got.Complete {
				t.Fatalf("marks changed the result: %d entries, complete %v; unmarked %d, %v",
					len(got.Entries), got.Complete, len(unmarked.Entries), unmarked.Complete)
			}
		}
		checkBound(t, text)
	})
}

func checkLeaf(t *testing.T, name string, v cty.Value) {
	t.Helper()
	if v == cty.NilVal {
		return
	}
	if !v.HasMark("fuzz") {
		t.Fatalf("%s %#v lost its mark", name, v)
	}
	if u, _ := v.Unmark(); u.IsKnown() && !isString(u) {
		t.Fatalf("%s is %#v, not a string", name, v)
	}
}

func checkGroups(t *testing.T, v cty.Value) {
	t.Helper()
	if v == cty.NilVal {
		return
	}
	if !v.HasMark("fuzz") {
		t.Fatalf("Groups %#v lost its mark", v)
	}
	u, _ := v.Unmark()
	if !u.IsKnown() {
		return
	}
	if !u.CanIterateElements() || u.Type().IsMapType() || u.Type().IsObjectType() {
		t.Fatalf("Groups is %#v, not a list", v)
	}
	for it := u.ElementIterator(); it.Next(); {
		_, el := it.Element()
		if el, _ = el.Unmark(); el.IsKnown() && !el.IsNull() && !isString(el) {
			t.Fatalf("Groups holds %#v", el)
		}
	}
}

// checkBound checks tooCostly's premise: text it accepts nests no deeper
// than the brackets and the leading columns allow. Aliases can repeat a
// value at any depth, so text with them is left out.
func checkBound(t *testing.T, text string) {
	if tooCostly(text) != "" || strings.Contains(text, "*") {
		return
	}
	v, err := decode(text)
	if err != nil {
		return
	}
	var flow int
	if json.Valid([]byte(text)) {
		flow = jsonDepth(text)
	} else {
		flow = strings.Count(text, "[") + strings.Count(text, "{") + 2*blockLead(text) + 2
	}
	if d := depth(v, flow+2); d > flow {
		t.Fatalf("text nests %d deep, more than the bound of %d", d, flow)
	}
}

// depth returns how deeply v nests, counting no further than limit.
func depth(v cty.Value, limit int) int {
	if limit == 0 || !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return 0
	}
	deepest := 0
	for it := v.ElementIterator(); it.Next(); {
		_, el := it.Element()
		deepest = max(deepest, depth(el, limit-1))
	}
	return deepest + 1
}
