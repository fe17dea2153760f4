// Package rules holds the eksauth rules. Each rule asks the shared model
// (package model) a question and words the answer; none reads HCL itself.
// Where the model keeps an expression rather than its value (an AWS
// provider's allowed_account_ids, a provider's host, an AWS provider's
// identity), the rule evaluates it through the model in one execution
// context (Model.Eval, Model.AWSIdentity), so every value still carries
// its provenance and the context's variable values.
package rules

import "github.com/terraform-linters/tflint-plugin-sdk/tflint"

// All returns every rule of the ruleset.
func All() []tflint.Rule {
	return []tflint.Rule{
		NewRoleNotMappedRule(),
		NewRoleARNPathRule(),
		NewAccessEntryReservedGroupRule(),
		NewAccessEntryNoPermissionsRule(),
		NewAWSAuthIgnoredRule(),
		NewStaticTokenRule(),
		NewIdentityMismatchRule(),
		NewCreatorAdminOnlyRule(),
		NewAccountMismatchRule(),
		NewUnverifiedAuthRule(),
		NewContextUnavailableRule(),
	}
}
