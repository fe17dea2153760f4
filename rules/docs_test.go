package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestEveryRuleIsDocumentedAndTested keeps the ruleset and what users and
// contributors read in step: every rule of All() has its page
// docs/rules/<name>.md, a row in the tables of README.md and
// docs/rules/README.md, and a unit test file next to it; and every page and
// row names a rule that exists.
func TestEveryRuleIsDocumentedAndTested(t *testing.T) {
	var names []string
	for _, r := range All() {
		names = append(names, r.Name())
	}

	for _, name := range names {
		for _, path := range []string{
			filepath.Join("..", "docs", "rules", name+".md"),
			name + "_test.go",
		} {
			if _, err := os.Stat(path); err != nil {
				t.Errorf("rule %s: %v", name, err)
			}
		}
	}

	for _, table := range []struct {
		path string
		link string // how a row links the rule's page; %s is the name
	}{
		{filepath.Join("..", "README.md"), "docs/rules/%s.md"},
		{filepath.Join("..", "docs", "rules", "README.md"), "%s.md"},
	} {
		rows := tableRows(t, table.path)
		for _, name := range names {
			want := "[" + name + "](" + strings.ReplaceAll(table.link, "%s", name) + ")"
			if !slices.Contains(rows, want) {
				t.Errorf("%s: no row for %s (a table row starting | %s |)", table.path, name, want)
			}
		}
		for _, row := range rows {
			m := ruleLink.FindStringSubmatch(row)
			switch {
			case m == nil || !slices.Contains(names, m[1]):
				t.Errorf("%s: the row %s names no rule of rules.All()", table.path, row)
			case m[1] != m[2]:
				t.Errorf("%s: the row %s links another rule's page", table.path, row)
			}
		}
	}

	pages, err := filepath.Glob(filepath.Join("..", "docs", "rules", "eksauth_*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, page := range pages {
		if name := strings.TrimSuffix(filepath.Base(page), ".md"); !slices.Contains(names, name) {
			t.Errorf("%s documents %s, which is not in rules.All()", page, name)
		}
	}
}

var (
	// tableRow is the first cell of a table row that links a rule's page.
	tableRow = regexp.MustCompile(`(?m)^\|\s*(\[eksauth_[^\]]*\]\([^)]*\))\s*\|`)
	ruleLink = regexp.MustCompile(`^\[(eksauth_[a-z0-9_]+)\]\((?:docs/rules/)?([a-z0-9_]+)\.md\)$`)
)

// tableRows returns the first cell of every rule row of the tables in path.
func tableRows(t *testing.T, path string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range tableRow.FindAllStringSubmatch(string(src), -1) {
		out = append(out, m[1])
	}
	if len(out) == 0 {
		t.Errorf("%s: no table rows linking rule pages", path)
	}
	return out
}

// The rule tables of README.md and docs/rules/README.md say the same of
// each rule (severity, default and description): a reader of either must
// not learn something else.
func TestRuleTablesAgree(t *testing.T) {
	rows := func(path string) map[string]string {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, m := range tableLine.FindAllStringSubmatch(string(src), -1) {
			out[m[1]] = m[2]
		}
		return out
	}
	readme := rows(filepath.Join("..", "README.md"))
	docs := rows(filepath.Join("..", "docs", "rules", "README.md"))
	for _, r := range All() {
		if a, b := readme[r.Name()], docs[r.Name()]; a != b {
			t.Errorf("%s:\n README.md:            %s\n docs/rules/README.md: %s", r.Name(), a, b)
		}
	}
}

// tableLine is a rule's table row: its name, and the cells after the link.
var tableLine = regexp.MustCompile(`(?m)^\|\s*\[(eksauth_[a-z0-9_]+)\]\([^)]*\)\s*(\|.*)$`)
