package rules

import (
	"fmt"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
)

// AccessEntryNoPermissionsRule reports access entries with neither a
// policy association nor Kubernetes groups: the principal authenticates,
// and every request it makes is Forbidden. A misspelt key (such as
// access_policy_associations) is silently dropped by terraform-aws-modules/eks
// (issue 3587), which is how such entries usually come about.
type AccessEntryNoPermissionsRule struct{ meta }

// NewAccessEntryNoPermissionsRule returns the rule.
func NewAccessEntryNoPermissionsRule() *AccessEntryNoPermissionsRule {
	return &AccessEntryNoPermissionsRule{meta{name: "eksauth_access_entry_no_permissions", severity: tflint.WARNING}}
}

// Check reports each entry that grants nothing.
func (r *AccessEntryNoPermissionsRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newGrantEmitter(runner, r, m)
	for _, c := range m.GrantClusters() {
		for _, g := range c.Grants {
			if !c.Own(g) {
				continue
			}
			if g.Kind != model.AccessEntry || g.Node || g.Type != "STANDARD" || !g.PoliciesKnown || g.Policies != 0 || !g.GroupsKnown || len(g.Groups) > 0 {
				continue
			}
			msg := fmt.Sprintf("%s lets %s authenticate to %s with no access policy and no Kubernetes group: every request it makes is Forbidden", g.Source, g.Principal.Display(), c.Describe())
			if len(g.Problems) > 0 {
				msg += " (" + msgtext.Join(g.Problems, "; ") + ")"
			}
			// Where a fix goes: the entry that holds a key the module
			// drops, else its empty list of groups, else its principal.
			rng := g.PrincipalRange()
			switch {
			case len(g.Problems) > 0:
				rng = g.SourceRangeOr()
			case g.GroupsExpr != nil:
				rng = g.GroupsExpr.Range()
			}
			if err := out.about(g, msg, rng); err != nil {
				return err
			}
		}
	}
	return out.flush()
}
