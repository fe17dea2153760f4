// Package rules holds the eksauth rules. Each rule asks the shared model
// (package model) a question and words the answer; none of them reads HCL
// or evaluates expressions itself.
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
