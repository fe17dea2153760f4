package e2e

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/gocty"
)

// ScenarioFile is the name of a scenario's optional settings file.
const ScenarioFile = "scenario.hcl"

// Scenario is what a fixture directory expects of one tflint run.
type Scenario struct {
	Dir         string
	Description string
	Args        []string
	Env         map[string]string
	// ExitCode is the expected exit code; nil means the default (see
	// WantExitCode).
	ExitCode *int
	Errors   []*regexp.Regexp
	Wants    []Want
}

// scenarioSchema is the schema of scenario.hcl: attributes only, each
// optional. An unknown attribute or a block is an error.
var scenarioSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{
	{Name: "description"},
	{Name: "args"},
	{Name: "env"},
	{Name: "exit_code"},
	{Name: "errors"},
}}

// LoadScenario reads the want comments and the scenario.hcl (if any) of dir.
func LoadScenario(dir string) (*Scenario, error) {
	s := &Scenario{Dir: dir}
	path := filepath.Join(dir, ScenarioFile)
	src, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := parseScenarioFile(s, path, src); err != nil {
			return nil, err
		}
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	wants, err := ParseWants(dir)
	if err != nil {
		return nil, err
	}
	s.Wants = wants
	return s, nil
}

// parseScenarioFile decodes scenario.hcl into s. Values are literals (no
// variables or functions).
func parseScenarioFile(s *Scenario, filename string, src []byte) error {
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return diags
	}
	content, diags := f.Body.Content(scenarioSchema)
	if diags.HasErrors() {
		return diags
	}
	var errs []string
	decode := func(name string, ty cty.Type, target any) {
		attr, ok := content.Attributes[name]
		if !ok {
			return
		}
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() {
			errs = append(errs, diags.Error())
			return
		}
		if v, err := convert.Convert(v, ty); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %s: want %s: %v", attr.Expr.Range(), name, ty.FriendlyName(), err))
		} else if err := gocty.FromCtyValue(v, target); err != nil {
			errs = append(errs, fmt.Sprintf("%s: %s: %v", attr.Expr.Range(), name, err))
		}
	}
	var exitCode int
	var errorPatterns []string
	decode("description", cty.String, &s.Description)
	decode("args", cty.List(cty.String), &s.Args)
	decode("env", cty.Map(cty.String), &s.Env)
	decode("exit_code", cty.Number, &exitCode)
	decode("errors", cty.List(cty.String), &errorPatterns)
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	if _, ok := content.Attributes["exit_code"]; ok {
		s.ExitCode = &exitCode
	}
	for i, e := range errorPatterns {
		re, err := regexp.Compile(e)
		if err != nil {
			return fmt.Errorf("%s: errors[%d]: %w", filename, i, err)
		}
		s.Errors = append(s.Errors, re)
	}
	return nil
}

// WantExitCode is the exit code the scenario expects: exit_code if set, else
// 1 when errors are expected, 2 when an issue is wanted, 0 otherwise.
func (s *Scenario) WantExitCode() int {
	switch {
	case s.ExitCode != nil:
		return *s.ExitCode
	case len(s.Errors) > 0:
		return 1
	case len(s.Wants) > 0:
		return 2
	}
	return 0
}

// Options are the Run options of the scenario.
func (s *Scenario) Options() Options {
	return Options{Args: s.Args, Env: s.Env}
}

// CheckScenario runs tflint over the scenario in dir and reports, in one
// t.Errorf, every difference between what it expects and what tflint did.
func CheckScenario(t *testing.T, dir string) {
	t.Helper()
	s, err := LoadScenario(dir)
	if err != nil {
		t.Fatalf("scenario %s: %v", dir, err)
	}
	res := Run(t, dir, s.Options())
	if problems := Compare(s, res); len(problems) > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "scenario %s", dir)
		if s.Description != "" {
			fmt.Fprintf(&b, " (%s)", s.Description)
		}
		fmt.Fprintf(&b, ": %d problem(s):\n", len(problems))
		for _, p := range problems {
			fmt.Fprintf(&b, "\t%s\n", p)
		}
		fmt.Fprintf(&b, "\ntflint run:\n%s", res.Report())
		t.Error(b.String())
	}
}

// Compare lists every difference between what s expects and res: missing
// and unexpected issues (by file and line), missing and unexpected errors,
// and a wrong exit code. Nil means the run is as expected.
func Compare(s *Scenario, res Result) []string {
	type key struct {
		file string
		line int
	}
	wantsAt := map[key][]Want{}
	issuesAt := map[key][]Issue{}
	keys := map[key]bool{}
	for _, w := range s.Wants {
		k := key{w.File, w.Line}
		wantsAt[k] = append(wantsAt[k], w)
		keys[k] = true
	}
	for _, i := range res.Issues {
		k := key{issueFile(res.Dir, i.Range.Filename), i.Range.Start.Line}
		issuesAt[k] = append(issuesAt[k], i)
		keys[k] = true
	}
	order := make([]key, 0, len(keys))
	for k := range keys {
		order = append(order, k)
	}
	sort.Slice(order, func(a, b int) bool {
		if order[a].file != order[b].file {
			return order[a].file < order[b].file
		}
		return order[a].line < order[b].line
	})

	var problems []string
	for _, k := range order {
		ws, is := wantsAt[k], issuesAt[k]
		wantOf := matchIssues(ws, is)
		matched := make([]bool, len(is))
		for _, i := range wantOf {
			if i >= 0 {
				matched[i] = true
			}
		}
		for wi, w := range ws {
			if wantOf[wi] < 0 {
				problems = append(problems, fmt.Sprintf("%s:%d: missing %s issue matching %s",
					w.File, w.Line, w.Rule, strconv.Quote(w.Pattern.String())))
			}
		}
		for ii, i := range is {
			if !matched[ii] {
				problems = append(problems, fmt.Sprintf("%s: unexpected %s (%s) issue: %s",
					Range{Filename: k.file, Start: i.Range.Start}, i.Rule.Name, i.Rule.Severity, strconv.Quote(i.Message)))
			}
		}
	}

	errMatched := make([]bool, len(res.Errors))
	for _, re := range s.Errors {
		found := false
		for ei, e := range res.Errors {
			if errorMatches(re, e) {
				errMatched[ei] = true
				found = true
			}
		}
		if !found {
			problems = append(problems, fmt.Sprintf("missing tflint error matching %s", strconv.Quote(re.String())))
		}
	}
	for ei, e := range res.Errors {
		if !errMatched[ei] {
			problems = append(problems, fmt.Sprintf("unexpected tflint error: %s", e))
		}
	}

	if want := s.WantExitCode(); res.ExitCode != want {
		how := "default"
		if s.ExitCode != nil {
			how = ScenarioFile
		}
		problems = append(problems, fmt.Sprintf("exit code %d, want %d (%s)", res.ExitCode, want, how))
	}
	return problems
}

func errorMatches(re *regexp.Regexp, e Error) bool {
	return re.MatchString(e.Message) || re.MatchString(e.Summary) || re.MatchString(e.Text())
}

// issueFile turns an issue's filename into a slash-separated path relative
// to the scenario directory, as want comments name files.
func issueFile(dir, name string) string {
	if name == "" {
		return ""
	}
	if filepath.IsAbs(name) && dir != "" {
		if rel, err := filepath.Rel(dir, name); err == nil && !strings.HasPrefix(rel, "..") {
			name = rel
		}
	}
	return filepath.ToSlash(filepath.Clean(name))
}

// matchIssues pairs wants with issues of one line, each want with at most one
// issue of its rule whose message it matches, as many pairs as possible (a
// maximum bipartite matching, so overlapping regexps cannot steal each
// other's issue). It returns, for each want, the index of its issue or -1.
func matchIssues(ws []Want, is []Issue) []int {
	ok := func(w Want, i Issue) bool { return w.Rule == i.Rule.Name && w.Pattern.MatchString(i.Message) }
	wantOf := make([]int, len(ws))
	issueOf := make([]int, len(is))
	for i := range wantOf {
		wantOf[i] = -1
	}
	for i := range issueOf {
		issueOf[i] = -1
	}
	var try func(w int, seen []bool) bool
	try = func(w int, seen []bool) bool {
		for i := range is {
			if seen[i] || !ok(ws[w], is[i]) {
				continue
			}
			seen[i] = true
			if issueOf[i] < 0 || try(issueOf[i], seen) {
				issueOf[i] = w
				wantOf[w] = i
				return true
			}
		}
		return false
	}
	for w := range ws {
		try(w, make([]bool, len(is)))
	}
	return wantOf
}
