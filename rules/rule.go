package rules

import (
	"fmt"
	"slices"
	"strings"

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
	// shared are the findings in a local child's files this run reports,
	// emitted by flush once each call has had its say.
	shared []shared
}

// shared is a finding the root run reports in a local child's file.
type shared struct {
	call string
	msg  string
	rng  hcl.Range
}

func newEmitter(runner tflint.Runner, rule tflint.Rule) *emitter {
	return &emitter{runner: runner, rule: rule, seen: map[string]bool{}}
}

// newGrantEmitter is newEmitter for a rule that checks the grants of
// m.GrantClusters: it emits with about and aboutWithFix, and flush
// ends its Check.
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
	if e.seen[key] {
		return nil
	}
	e.seen[key] = true
	return e.runner.EmitIssue(e.rule, msg, rng)
}

func (e *emitter) emitWithFix(msg string, rng hcl.Range, fix func(tflint.Fixer) error) error {
	msg = msgtext.Message(msg)
	key := rng.String() + "\x00" + msg
	if e.seen[key] {
		return nil
	}
	e.seen[key] = true
	return e.runner.EmitIssueWithFix(e.rule, msg, rng, fix)
}

// about emits a finding about s, a grant or a template, at rng, when
// this run is the one to report it. One written in a local child's file
// waits for flush: each call of the module makes its own s from the same
// line.
func (e *emitter) about(s model.Subject, msg string, rng hcl.Range) error {
	if e.grants == nil || e.grants.Local(rng) {
		return e.emit(msg, rng)
	}
	if e.grants.Reports(s, rng) {
		e.shared = append(e.shared, shared{call: s.Call(), msg: msg, rng: rng})
	}
	return nil
}

// aboutWithFix is about with a fix, for a finding in this run's own files.
func (e *emitter) aboutWithFix(s model.Subject, msg string, rng hcl.Range, fix func(tflint.Fixer) error) error {
	if e.grants != nil && !e.grants.Local(rng) {
		// A child's file read by the root run: no fix tflint can apply.
		return e.about(s, msg, rng)
	}
	return e.emitWithFix(msg, rng, fix)
}

// flush emits the findings about shared once per line and message: the
// calls of one module that read a line the same wrong way need one fix
// there. The first call's finding is emitted, naming the other calls
// whose finding says the same of their own (the message with each call's
// address taken out is the same); a call whose finding says something
// else there (another principal, another cluster) has it emitted too.
func (e *emitter) flush() error {
	type finding struct {
		rng    hcl.Range
		first  string
		msgs   []string
		others []string
	}
	var found []*finding
	byKey := map[string]*finding{}
	for _, f := range e.shared {
		said := f.msg
		if f.call != "" {
			said = strings.ReplaceAll(said, f.call+".", "\x00")
		}
		k := f.rng.String() + "\x00" + said
		x := byKey[k]
		if x == nil {
			x = &finding{rng: f.rng, first: f.call}
			byKey[k] = x
			found = append(found, x)
		}
		switch {
		case f.call == x.first:
			x.msgs = append(x.msgs, f.msg)
		case f.call != "" && !slices.Contains(x.others, f.call):
			x.others = append(x.others, f.call)
		}
	}
	e.shared = nil
	for _, x := range found {
		suffix := ""
		switch n := len(x.others); {
		case n == 1:
			suffix = fmt.Sprintf(" (the same holds for %s, which calls the same module)", x.others[0])
		case n > 1:
			suffix = fmt.Sprintf(" (the same holds for %s, which call the same module)", msgtext.List(x.others))
		}
		for _, msg := range x.msgs {
			if err := e.emit(msg+suffix, x.rng); err != nil {
				return err
			}
		}
	}
	return nil
}

// at renders a range as file:line for messages that point at a second place.
var at = model.At
