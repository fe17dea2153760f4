package symbol

import (
	"reflect"
	"strings"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	s := "arn:aws:iam::" + Wrap(`data.aws_caller_identity.current.account_id`) + ":role/" + Wrap(`var.m["a:b/c"]`)
	if !Contains(s) {
		t.Fatal("Contains = false")
	}
	want := []string{"data.aws_caller_identity.current.account_id", `var.m["a:b/c"]`}
	if got := Refs(s); !reflect.DeepEqual(got, want) {
		t.Errorf("Refs = %q, want %q", got, want)
	}
	if got, want := Display(s), `arn:aws:iam::<data.aws_caller_identity.current.account_id>:role/<var.m["a:b/c"]>`; got != want {
		t.Errorf("Display = %q, want %q", got, want)
	}
	// A reference alone reads as the reference, as it is written.
	if got, want := Display(Wrap(`data.aws_iam_user.ci.arn`)), `data.aws_iam_user.ci.arn`; got != want {
		t.Errorf("Display = %q, want %q", got, want)
	}
	if got, want := Display(Wrap("a:b/c")), "a:b/c"; got != want {
		t.Errorf("Display = %q, want %q", got, want)
	}
	// The separators of an ARN never appear inside a placeholder.
	if got := Wrap("a:b/c"); got != "\ue000a∶b∕c\ue001" {
		t.Errorf("Wrap = %q", got)
	}
}

func TestWhole(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ref  string
		want bool
	}{
		{Wrap("module.eks.cluster_name"), "module.eks.cluster_name", true},
		{Wrap("x:y"), "x:y", true},
		{"prefix-" + Wrap("module.eks.cluster_name"), "", false},
		{Wrap("a") + Wrap("b"), "", false},
		{"plain", "", false},
		{"\ue000unterminated", "", false},
	} {
		ref, ok := Whole(tc.in)
		if ok != tc.want || ref != tc.ref {
			t.Errorf("Whole(%q) = %q, %v; want %q, %v", tc.in, ref, ok, tc.ref, tc.want)
		}
	}
}

// The mark a child puts on its caller's references never reaches a
// message: the reference reads as the caller's.
func TestDisplayCallerReferences(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{Wrap("var.other"), "var.other"},
		{Wrap(CallerMark + "var.other"), "var.other of the calling module"},
		{Wrap(CallerMark + CallerMark + "module.eks.cluster_name"), "module.eks.cluster_name of a module further up"},
		{"arn:aws:iam::" + Wrap(CallerMark+"var.account") + ":role/ci", "arn:aws:iam::<var.account of the calling module>:role/ci"},
		{"arn:aws:iam::" + Wrap("var.account") + ":role/" + Wrap("local.x"), "arn:aws:iam::<var.account>:role/<local.x>"},
	} {
		got := Display(tc.in)
		if got != tc.want {
			t.Errorf("Display(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.Contains(got, CallerMark) {
			t.Errorf("Display(%q) = %q shows the caller mark", tc.in, got)
		}
	}
}
