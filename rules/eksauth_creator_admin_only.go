package rules

import (
	"fmt"
	"sort"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// CreatorAdminOnlyRule reports an execution role whose only access is the
// creator's, when more than one execution role is known. v20+
// enable_cluster_creator_admin_permissions grants whoever runs the apply,
// and the next apply by another principal moves that entry (terraform-aws-eks
// 2911, 3400); the implicit creator binding belongs to one principal only.
// Either way the other roles are locked out.
type CreatorAdminOnlyRule struct{ meta }

// NewCreatorAdminOnlyRule returns the rule.
func NewCreatorAdminOnlyRule() *CreatorAdminOnlyRule {
	return &CreatorAdminOnlyRule{meta{name: "eksauth_creator_admin_only", severity: tflint.WARNING}}
}

// Check reports, per cluster with several known execution roles, each path
// granted only as the creator.
func (r *CreatorAdminOnlyRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	type hit struct {
		p *model.Path
		v model.Verdict
	}
	var hits []hit
	for _, p := range m.Paths {
		if p.Cluster == nil || !p.Cluster.Defined() {
			// Another module or root applies a cluster defined there,
			// with roles this module's contexts do not describe.
			continue
		}
		if v := m.Verdict(p); v.Access == model.Granted && v.Creator != "" {
			hits = append(hits, hit{p, v})
		}
	}
	// The execution roles of a cluster are whoever applies it, in each
	// context: the identity of the AWS provider the cluster is made with.
	roles := map[*model.Cluster]map[string]bool{}
	for _, h := range hits {
		c := h.p.Cluster
		if roles[c] != nil {
			continue
		}
		roles[c] = map[string]bool{}
		for _, ctx := range m.Contexts {
			id := m.AWSIdentity(m.AWSProvider(c.AWS), ctx)
			if id.ARN.Kind == resolve.Known || id.ARN.Kind == resolve.Named {
				roles[c][id.ARN.Display()] = true
			}
		}
	}
	for _, h := range hits {
		rs := roles[h.p.Cluster]
		if len(rs) < 2 {
			continue
		}
		var names []string
		for n := range rs {
			names = append(names, n)
		}
		sort.Strings(names)
		msg := fmt.Sprintf("%s provider reaches %s as %s only through %s (%s), which belongs to one principal at a time, while %d execution roles apply the cluster (%s): whichever does not hold it is locked out; give each role an access entry or mapping",
			h.p.Provider.Label(), h.p.Cluster.Label(), h.p.Identity.ARN.Display(), h.v.Creator, at(h.p.Cluster.CreatorRange), len(names), msgtext.List(names))
		if err := out.emit(msg, h.p.Identity.Range); err != nil {
			return err
		}
	}
	return nil
}
