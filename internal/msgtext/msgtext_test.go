package msgtext

import (
	"fmt"
	"strings"
	"testing"
)

func TestValue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"arn:aws:iam::111122223333:role/ci", "arn:aws:iam::111122223333:role/ci"},
		{"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/x", "arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/x"},
		{"équipe", "équipe"},
		{"a\nb", `"a\nb"`},
		{"x\n::error::forged", `"x\n::error::forged"`},
		{"nul\x00", `"nul\x00"`},
		{"role/\u202egnp.exe", `"role/\u202egnp.exe"`},
		{"two words", `"two words"`},
		{"\xff", `"\xff"`},
		{"", `""`},
	} {
		if got := Value(tc.in); got != tc.want {
			t.Errorf("Value(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
	long := strings.Repeat("é", 10000)
	got := Value(long)
	if len(got) > MaxValue+40 || !strings.HasSuffix(got, `... (20,000 bytes)`) || strings.Contains(got, `\x`) {
		t.Errorf("Value of 20,000 bytes = %d bytes ending %q", len(got), got[len(got)-30:])
	}
}

func TestList(t *testing.T) {
	items := make([]string, 5000)
	for i := range items {
		items[i] = fmt.Sprintf("aws_eks_access_entry.e%d", i)
	}
	got := List(items)
	if !strings.HasPrefix(got, "aws_eks_access_entry.e0, aws_eks_access_entry.e1, ") || !strings.HasSuffix(got, "aws_eks_access_entry.e9 and 4,990 more") {
		t.Errorf("List(5,000) = %s", got)
	}
	if got := List(items[:3]); got != "aws_eks_access_entry.e0, aws_eks_access_entry.e1, aws_eks_access_entry.e2" {
		t.Errorf("List(3) = %s", got)
	}
}

func TestMessage(t *testing.T) {
	if got := Message("role x (from var.a), which y does not map"); got != "role x (from var.a), which y does not map" {
		t.Errorf("a plain message changed: %s", got)
	}
	got := Message("grants x\n::error file=a.tf::forged\r\x1b[2K\u2028done")
	if strings.ContainsAny(got, "\n\r\x1b\u2028") || got != `grants x\n::error file=a.tf::forged\r\x1b[2K\u2028done` {
		t.Errorf("Message = %q", got)
	}
	got = Message(strings.Repeat("a, ", 100000))
	if len(got) > MaxMessage+64 || !strings.HasSuffix(got, "(message cut at 4,096 bytes)") {
		t.Errorf("Message of 300 KB = %d bytes", len(got))
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 4990: "4,990", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %s, want %s", n, got, want)
		}
	}
}
