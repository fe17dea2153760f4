package rules

import (
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
)

// ContextUnavailableRule says when eksauth checked less than it was asked
// to: an HCP Terraform workspace that could not be read, a git baseline
// that does not exist, a variable whose value tflint refused because it
// does not fit the variable's type. The check falls back to what it can
// read, and this warning keeps that from passing silently as a full check.
type ContextUnavailableRule struct{ meta }

// NewContextUnavailableRule returns the rule.
func NewContextUnavailableRule() *ContextUnavailableRule {
	return &ContextUnavailableRule{meta{name: "eksauth_context_unavailable", severity: tflint.WARNING}}
}

// Check reports each note once.
func (r *ContextUnavailableRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, n := range m.Unavailable {
		if err := out.emit(n.Message, n.Range); err != nil {
			return err
		}
	}
	return nil
}
