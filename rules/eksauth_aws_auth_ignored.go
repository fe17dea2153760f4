package rules

import (
	"fmt"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
)

// AWSAuthIgnoredRule reports aws-auth mappings that never reach the
// cluster: module v18.20-v19 lists without manage_aws_auth_configmap or
// create_aws_auth_configmap, inputs a module version does not have (v18.0
// to v18.19, v20+ roots), and any mapping for a cluster whose
// authentication_mode is API. The configuration looks as if it grants
// access, and nothing does.
type AWSAuthIgnoredRule struct{ meta }

// NewAWSAuthIgnoredRule returns the rule.
func NewAWSAuthIgnoredRule() *AWSAuthIgnoredRule {
	return &AWSAuthIgnoredRule{meta{name: "eksauth_aws_auth_ignored", severity: tflint.ERROR}}
}

// Check reports each ignored list once, where the list is written.
func (r *AWSAuthIgnoredRule) Check(runner tflint.Runner) error {
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
			if g.Kind == model.AccessEntry {
				continue
			}
			source := g.Source
			if i := strings.IndexByte(source, '['); i > 0 {
				source = source[:i]
			}
			var why string
			switch {
			case g.ListIgnored:
				// A list that aws-auth cannot read at all.
				why = g.Problems[0]
			case !g.Applied && !g.Maybe:
				why = g.NotApplied
			case c.Mode == model.API:
				why = fmt.Sprintf("its authentication_mode = API (%s) ignores aws-auth; grant access with access entries", at(c.ModeRange))
			default:
				continue
			}
			msg := fmt.Sprintf("%s is never applied to %s: %s", source, c.Describe(), why)
			if err := out.about(g, msg, g.SourceRange); err != nil {
				return err
			}
		}
	}
	return out.flush()
}
