package rules

import (
	"fmt"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// AccessEntryReservedGroupRule reports access entries the EKS API rejects:
// Kubernetes groups starting with "system:" (terraform-aws-eks 2915) and
// user names with a reserved prefix. The apply fails, and the principal
// never gets access.
type AccessEntryReservedGroupRule struct{ meta }

// NewAccessEntryReservedGroupRule returns the rule.
func NewAccessEntryReservedGroupRule() *AccessEntryReservedGroupRule {
	return &AccessEntryReservedGroupRule{meta{name: "eksauth_access_entry_reserved_group", severity: tflint.ERROR}}
}

var reservedUserPrefixes = []string{"system:", "eks:", "aws:", "amazon:", "iam:"}

// Check reports each rejected group or user name.
func (r *AccessEntryReservedGroupRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, c := range m.Clusters {
		for _, g := range c.Grants {
			if g.Kind != model.AccessEntry {
				continue
			}
			for _, grp := range g.Groups {
				if strings.HasPrefix(grp, "system:") {
					msg := fmt.Sprintf("%s for EKS cluster %s gives %s the Kubernetes group %s: EKS rejects access entry groups that start with \"system:\"; associate an access policy (e.g. AmazonEKSClusterAdminPolicy) instead", g.Source, c.Addr, g.Principal.Display(), msgtext.Quote(grp))
					if err := out.emit(msg, g.SourceRangeOr()); err != nil {
						return err
					}
				}
			}
			if g.UserName.Kind != resolve.Known {
				continue
			}
			for _, p := range reservedUserPrefixes {
				if strings.HasPrefix(g.UserName.Text, p) {
					msg := fmt.Sprintf("%s for EKS cluster %s gives %s the user_name %s: EKS rejects user names that start with %q", g.Source, c.Addr, g.Principal.Display(), msgtext.Quote(g.UserName.Text), p)
					if err := out.emit(msg, g.SourceRangeOr()); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}
