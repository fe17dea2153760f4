package e2e

import (
	"regexp"
	"strings"
	"testing"
)

func TestLoadScenario(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "main.tf", "provider \"aws\" {} # want eksauth_a \"x\"\n")
	write(t, dir, "scenario.hcl", `
description = "runs as CI"
args        = ["--var-file=ci.tfvars", "--call-module-type=all"]
env         = { TF_VAR_role = "arn:aws:iam::111122223333:role/ci" }
exit_code   = 3
errors      = ["Unsupported argument", "^x$"]
`)
	s, err := LoadScenario(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Description != "runs as CI" {
		t.Errorf("Description = %q", s.Description)
	}
	if strings.Join(s.Args, " ") != "--var-file=ci.tfvars --call-module-type=all" {
		t.Errorf("Args = %q", s.Args)
	}
	if len(s.Env) != 1 || s.Env["TF_VAR_role"] != "arn:aws:iam::111122223333:role/ci" {
		t.Errorf("Env = %v", s.Env)
	}
	if s.ExitCode == nil || *s.ExitCode != 3 || s.WantExitCode() != 3 {
		t.Errorf("ExitCode = %v, WantExitCode() = %d, want 3", s.ExitCode, s.WantExitCode())
	}
	if len(s.Errors) != 2 || s.Errors[1].String() != "^x$" {
		t.Errorf("Errors = %v", s.Errors)
	}
	if len(s.Wants) != 1 || s.Wants[0].Rule != "eksauth_a" {
		t.Errorf("Wants = %v", s.Wants)
	}
	o := s.Options()
	if len(o.Args) != 2 || o.Env["TF_VAR_role"] == "" {
		t.Errorf("Options() = %+v", o)
	}
}

func TestLoadScenarioWithoutFile(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "main.tf", "locals {}\n")
	s, err := LoadScenario(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.ExitCode != nil || len(s.Args) != 0 || len(s.Env) != 0 || len(s.Errors) != 0 || len(s.Wants) != 0 {
		t.Errorf("LoadScenario = %+v, want empty", s)
	}
}

func TestLoadScenarioErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`exit_code = "two"`, "exit_code"},
		{`exit_code = 1.5`, "exit_code"},
		{`args = "--force"`, "args"},
		{`env = { A = ["x"] }`, "env"},
		{`errors = ["("]`, "errors[0]"},
		{`unknown = 1`, "Unsupported argument"},
		{`args = [var.x]`, "Variables not allowed"},
		{`block {}`, "Unsupported block"},
		{`args = [`, "scenario.hcl:2,1"},
	} {
		dir := t.TempDir()
		write(t, dir, "main.tf", "\n")
		write(t, dir, "scenario.hcl", tt.src+"\n")
		_, err := LoadScenario(dir)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("scenario.hcl %q: error = %v, want one containing %q", tt.src, err, tt.want)
		}
	}
}

func TestWantExitCode(t *testing.T) {
	zero := 0
	want := []Want{{File: "main.tf", Line: 1, Rule: "r", Pattern: regexp.MustCompile("x")}}
	errs := []*regexp.Regexp{regexp.MustCompile("x")}
	for _, tt := range []struct {
		s    Scenario
		want int
	}{
		{Scenario{}, 0},
		{Scenario{Wants: want}, 2},
		{Scenario{Errors: errs}, 1},
		{Scenario{Wants: want, Errors: errs}, 1},
		{Scenario{Wants: want, ExitCode: &zero}, 0},
	} {
		if got := tt.s.WantExitCode(); got != tt.want {
			t.Errorf("WantExitCode(%+v) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

func issue(file string, line int, rule, msg string) Issue {
	return Issue{
		Rule:    Rule{Name: rule, Severity: "error"},
		Message: msg,
		Range:   Range{Filename: file, Start: Pos{Line: line, Column: 3}},
	}
}

func wantOf(file string, line int, rule, re string) Want {
	return Want{File: file, Line: line, Rule: rule, Pattern: regexp.MustCompile(re)}
}

func TestCompareMatches(t *testing.T) {
	s := &Scenario{Wants: []Want{
		wantOf("main.tf", 3, "eksauth_a", "role .*ci"),
		// Overlapping patterns on one line: a greedy match of the first want
		// would take the issue only the second can match.
		wantOf("main.tf", 7, "eksauth_a", "."),
		wantOf("main.tf", 7, "eksauth_a", "^second$"),
		wantOf("modules/child/main.tf", 2, "eksauth_b", "stale"),
	}}
	res := Result{
		Dir: "/scenario",
		Issues: []Issue{
			issue("main.tf", 3, "eksauth_a", "role arn:aws:iam::1:role/ci is not granted"),
			issue("main.tf", 7, "eksauth_a", "second"),
			issue("main.tf", 7, "eksauth_a", "first"),
			issue("/scenario/modules/child/main.tf", 2, "eksauth_b", "stale token"),
		},
		ExitCode: 2,
	}
	if problems := Compare(s, res); len(problems) != 0 {
		t.Errorf("Compare: unexpected problems:\n%s", strings.Join(problems, "\n"))
	}
}

func TestCompareReportsEveryMismatch(t *testing.T) {
	s := &Scenario{
		Wants: []Want{
			wantOf("main.tf", 3, "eksauth_a", "role"),
			wantOf("main.tf", 5, "eksauth_a", "other"),
			wantOf("main.tf", 9, "eksauth_a", "x"),
			wantOf("main.tf", 9, "eksauth_a", "x"),
		},
		Errors: []*regexp.Regexp{regexp.MustCompile("Unsupported argument"), regexp.MustCompile("never")},
	}
	res := Result{
		Issues: []Issue{
			issue("main.tf", 3, "eksauth_a", "role is not granted"),
			issue("main.tf", 5, "eksauth_b", "other rule"),
			issue("main.tf", 9, "eksauth_a", "x once"),
			issue("other.tf", 1, "eksauth_a", "surprise"),
			{Rule: Rule{Name: "eksauth_c", Severity: "warning"}, Message: "no range"},
		},
		Errors: []Error{
			{Summary: "Unsupported argument", Message: `An argument named "bogus" is not expected here.`, Severity: "error"},
			{Message: "Failed to load plugin", Severity: "error"},
		},
		ExitCode: 2,
	}
	got := Compare(s, res)
	want := []string{
		`(no range): unexpected eksauth_c (warning) issue: "no range"`,
		`main.tf:5: missing eksauth_a issue matching "other"`,
		`main.tf:5:3: unexpected eksauth_b (error) issue: "other rule"`,
		`main.tf:9: missing eksauth_a issue matching "x"`,
		`other.tf:1:3: unexpected eksauth_a (error) issue: "surprise"`,
		`missing tflint error matching "never"`,
		`unexpected tflint error: Failed to load plugin`,
		`exit code 2, want 1 (default)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Compare problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCompareErrorText(t *testing.T) {
	e := Error{Summary: "Unsupported argument", Message: `An argument named "bogus" is not expected here.`}
	for _, re := range []string{"^Unsupported argument$", `^An argument named "bogus"`, `argument: An argument`} {
		if !errorMatches(regexp.MustCompile(re), e) {
			t.Errorf("%q does not match %q", re, e.Text())
		}
	}
	if errorMatches(regexp.MustCompile("^bogus"), e) {
		t.Errorf("^bogus matches %q", e.Text())
	}
}
