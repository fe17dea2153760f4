package rules

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/project"
)

// meta is what every eksauth rule declares; each rule embeds it and adds
// its Check.
type meta struct {
	tflint.DefaultRule
	name     string
	severity tflint.Severity
	disabled bool
}

func (m meta) Name() string              { return m.name }
func (m meta) Enabled() bool             { return !m.disabled }
func (m meta) Severity() tflint.Severity { return m.severity }
func (m meta) Link() string              { return project.DocLink(m.name) }

// emitter emits each issue once: the model is evaluated per execution
// context, and the same finding in several contexts is one finding.
type emitter struct {
	runner tflint.Runner
	rule   tflint.Rule
	seen   map[string]bool
	// grants is set for a rule about grants alone, whose findings in a
	// local child's files the root run and the child's run share (see
	// model.Model.Reports).
	grants *model.Model
}

func newEmitter(runner tflint.Runner, rule tflint.Rule) *emitter {
	return &emitter{runner: runner, rule: rule, seen: map[string]bool{}}
}

// newGrantEmitter is newEmitter for a rule that checks the grants of
// m.GrantClusters.
func newGrantEmitter(runner tflint.Runner, rule tflint.Rule, m *model.Model) *emitter {
	e := newEmitter(runner, rule)
	e.grants = m
	return e
}

// emit and emitWithFix pass every message through msgtext.Message, the
// last check that no configuration text forges a log line or floods it.
func (e *emitter) emit(msg string, rng hcl.Range) error {
	msg = msgtext.Message(msg)
	key := rng.String() + "\x00" + msg
	if e.seen[key] || e.grants != nil && !e.grants.Reports(rng) {
		return nil
	}
	e.seen[key] = true
	return e.runner.EmitIssue(e.rule, msg, rng)
}

func (e *emitter) emitWithFix(msg string, rng hcl.Range, fix func(tflint.Fixer) error) error {
	if e.grants != nil && !e.grants.Local(rng) {
		// A child's file read by the root run: no fix tflint can apply.
		return e.emit(msg, rng)
	}
	msg = msgtext.Message(msg)
	key := rng.String() + "\x00" + msg
	if e.seen[key] {
		return nil
	}
	e.seen[key] = true
	return e.runner.EmitIssueWithFix(e.rule, msg, rng, fix)
}

// at renders a range as file:line for messages that point at a second place.
var at = model.At
