package rules

import (
	"fmt"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// AccountMismatchRule reports an execution role whose account the AWS
// provider it runs through refuses: not in allowed_account_ids, or in
// forbidden_account_ids. The run fails before it reaches the cluster, and
// usually the role ARN, not the list, is what is wrong.
type AccountMismatchRule struct{ meta }

// NewAccountMismatchRule returns the rule.
func NewAccountMismatchRule() *AccountMismatchRule {
	return &AccountMismatchRule{meta{name: "eksauth_account_mismatch", severity: tflint.ERROR}}
}

// Check compares each AWS provider's identity in each context with its
// account lists.
func (r *AccountMismatchRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, p := range m.AWSProviders() {
		if p.Allowed == nil && p.Forbidden == nil {
			continue
		}
		for _, ctx := range m.Contexts {
			id := m.AWSIdentity(p, ctx)
			if id.ARN.Kind != resolve.Known {
				continue
			}
			principal, err := arn.Parse(id.ARN.Text)
			if err != nil || len(principal.Account) != 12 {
				continue
			}
			acct := principal.Account
			where := id.How
			if id.Ambient && id.From != "" {
				where += ", declared in " + id.From
			}
			if list, ok := accounts(m, ctx, p.Allowed); ok && !list[acct] {
				msg := fmt.Sprintf("%s (%s) is in account %s, which provider %s's allowed_account_ids (%s, %s) does not list: the AWS provider refuses the run before it reaches EKS",
					id.ARN.Display(), where, acct, p.Name, keys(list), at(p.Allowed.Range()))
				if err := out.emit(msg, id.Range); err != nil {
					return err
				}
			}
			if list, ok := accounts(m, ctx, p.Forbidden); ok && list[acct] {
				msg := fmt.Sprintf("%s (%s) is in account %s, which provider %s's forbidden_account_ids (%s) lists: the AWS provider refuses the run before it reaches EKS",
					id.ARN.Display(), where, acct, p.Name, at(p.Forbidden.Range()))
				if err := out.emit(msg, id.Range); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// accounts reads an account ID list; ok is false unless every ID is known.
func accounts(m *model.Model, ctx *model.Context, e hcl.Expression) (map[string]bool, bool) {
	if e == nil {
		return nil, false
	}
	elems, ok := resolve.Elements(m.Eval(ctx, e))
	if !ok {
		return nil, false
	}
	out := map[string]bool{}
	for _, el := range elems {
		s := resolve.StringOf(el)
		if s.Kind != resolve.Known {
			return nil, false
		}
		out[s.Text] = true
	}
	return out, true
}

func keys(m map[string]bool) string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	for i, k := range out {
		out[i] = msgtext.Value(k)
	}
	return msgtext.List(out)
}
