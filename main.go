// Command tflint-ruleset-eksauth is a TFLint plugin that finds the IAM roles
// Terraform runs as which an EKS cluster does not let into Kubernetes.
package main

import (
	"github.com/terraform-linters/tflint-plugin-sdk/plugin"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/ruleset"
	"github.com/eksauth/tflint-ruleset-eksauth/rules"
)

func main() {
	plugin.Serve(&plugin.ServeOpts{
		RuleSet: ruleset.New(rules.All()),
	})
}
