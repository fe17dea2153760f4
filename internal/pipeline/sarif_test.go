package pipeline

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/project"
)

// storyRule is the rule the story (examples/before) breaks.
const storyRule = "eksauth_role_not_mapped"

// docURL is where a released rule's documentation lives: the tag the release
// workflow pushes, v<project.Version>. Written out here rather than taken
// from project.DocLink, so that the test checks that function.
func docURL(rule string) string {
	return "https://github.com/eksauth/tflint-ruleset-eksauth/blob/v" + project.Version + "/docs/rules/" + rule + ".md"
}

// sarifLog is the part of SARIF 2.1.0 that GitHub code scanning reads.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID  string `json:"ruleId"`
			Level   string `json:"level"`
			Message struct {
				Text string `json:"text"`
			} `json:"message"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine   int `json:"startLine"`
						StartColumn int `json:"startColumn"`
						EndLine     int `json:"endLine"`
						EndColumn   int `json:"endColumn"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

// TestSARIFOutput lints the story (a copy of examples/before) with
// --format=sarif, as the example PR workflow does, and checks what GitHub
// code scanning shows: the eksauth_role_not_mapped result with level error,
// the file and line of the finding (the same as in the JSON output), and the
// rule's help link to its documentation at the released version's tag. The
// JSON output carries the same link.
func TestSARIFOutput(t *testing.T) {
	root := repoRoot(t)
	dir := t.TempDir()
	copyModule(t, filepath.Join(root, "examples", "before"), dir)

	// The JSON run: where the finding is, and the link tflint prints.
	js := e2e.Run(t, dir, e2e.Options{})
	if js.ExitCode != 2 || len(js.Errors) > 0 {
		t.Fatalf("JSON run: want exit 2 with issues and no errors\n%s", js.Report())
	}
	var story *e2e.Issue
	for i, is := range js.Issues {
		if is.Rule.Name == storyRule {
			if story != nil {
				t.Fatalf("JSON run: two %s issues\n%s", storyRule, js.Report())
			}
			story = &js.Issues[i]
		}
	}
	if story == nil {
		t.Fatalf("JSON run: no %s issue\n%s", storyRule, js.Report())
	}
	if story.Rule.Link != docURL(storyRule) {
		t.Errorf("JSON run: rule link %q, want %q", story.Rule.Link, docURL(storyRule))
	}
	if story.Rule.Severity != "error" {
		t.Errorf("JSON run: severity %q, want error", story.Rule.Severity)
	}
	// The finding is on the role the provider assumes.
	if want := lineOf(t, filepath.Join(dir, "main.tf"), "role_arn = var.role_arn"); story.Range.Filename != "main.tf" || story.Range.Start.Line != want {
		t.Errorf("JSON run: finding at %s, want main.tf:%d (role_arn = var.role_arn)", story.Range, want)
	}

	// The SARIF run. e2e.Run puts --format=json first; tflint takes the
	// last --format, and the harness keeps the raw output in Stdout.
	res := e2e.Run(t, dir, e2e.Options{Args: []string{"--format=sarif"}})
	if res.ExitCode != 2 {
		t.Fatalf("SARIF run: exit %d, want 2 (issues found)\n%s\nstdout:\n%s", res.ExitCode, res.Report(), indent(res.Stdout))
	}
	var log sarifLog
	if err := json.Unmarshal([]byte(res.Stdout), &log); err != nil {
		t.Fatalf("SARIF run: output is not SARIF: %v\n%s", err, indent(res.Stdout))
	}
	if log.Version != "2.1.0" {
		t.Errorf("SARIF version %q, want 2.1.0", log.Version)
	}
	if len(log.Runs) == 0 || log.Runs[0].Tool.Driver.Name != "tflint" {
		t.Fatalf("SARIF: want a first run of tool tflint\n%s", indent(res.Stdout))
	}
	run := log.Runs[0]
	for _, r := range log.Runs[1:] {
		if len(r.Results) > 0 {
			t.Errorf("SARIF: run %s has results (tflint's errors): %+v", r.Tool.Driver.Name, r.Results)
		}
	}

	helpURI := ""
	for _, r := range run.Tool.Driver.Rules {
		if r.ID == storyRule {
			helpURI = r.HelpURI
		}
	}
	if helpURI != docURL(storyRule) {
		t.Errorf("SARIF: rule %s helpUri %q, want %q", storyRule, helpURI, docURL(storyRule))
	}
	// The link's target is in this repository, so it exists once the tag is.
	if _, err := os.Stat(filepath.Join(root, "docs", "rules", storyRule+".md")); err != nil {
		t.Errorf("the help link points at docs/rules/%s.md, which does not exist: %v", storyRule, err)
	}

	found := 0
	for _, r := range run.Results {
		if r.RuleID != storyRule {
			continue
		}
		found++
		if r.Level != "error" {
			t.Errorf("SARIF: %s level %q, want error", storyRule, r.Level)
		}
		if !strings.Contains(r.Message.Text, "arn:aws:iam::111122223333:role/tfc-agent") {
			t.Errorf("SARIF: %s message does not name the role: %q", storyRule, r.Message.Text)
		}
		if len(r.Locations) != 1 {
			t.Errorf("SARIF: %s has %d locations, want 1", storyRule, len(r.Locations))
			continue
		}
		loc := r.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != story.Range.Filename {
			t.Errorf("SARIF: %s in %q, want %q", storyRule, loc.ArtifactLocation.URI, story.Range.Filename)
		}
		reg := loc.Region
		if reg.StartLine != story.Range.Start.Line || reg.StartColumn != story.Range.Start.Column ||
			reg.EndLine != story.Range.End.Line || reg.EndColumn != story.Range.End.Column {
			t.Errorf("SARIF: %s region %d:%d-%d:%d, want the JSON range %d:%d-%d:%d", storyRule,
				reg.StartLine, reg.StartColumn, reg.EndLine, reg.EndColumn,
				story.Range.Start.Line, story.Range.Start.Column, story.Range.End.Line, story.Range.End.Column)
		}
	}
	if found != 1 {
		t.Errorf("SARIF: %d results of %s, want 1\n%s", found, storyRule, indent(res.Stdout))
	}
}
