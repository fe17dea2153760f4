package e2e

import (
	"strings"
	"testing"
)

// Messages returns "rule: message" for every issue of a run, in order.
func (r Result) Messages() []string {
	out := make([]string, 0, len(r.Issues))
	for _, i := range r.Issues {
		out = append(out, i.Rule.Name+": "+i.Message)
	}
	return out
}

// ExpectIssues checks a run's issues, in order, by substring of
// "rule: message": for tests that build their modules at run time, where
// want comments cannot be written.
func ExpectIssues(t testing.TB, res Result, want ...string) {
	t.Helper()
	got := res.Messages()
	if len(got) != len(want) {
		t.Errorf("%d issues, want %d:\n%s\n%s", len(got), len(want), strings.Join(got, "\n"), res.Report())
		return
	}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("issue %d:\n  %s\nwant it to contain:\n  %s", i, got[i], w)
		}
	}
}
