package rules

import (
	"fmt"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// UnverifiedAuthRule lists, for audits, the Kubernetes-family providers
// whose access eksauth could not check: ambient credentials without
// execution_roles, a cluster defined elsewhere, a kubeconfig, a sensitive
// value. Disabled by default: these are not mistakes, only blind spots.
type UnverifiedAuthRule struct{ meta }

// NewUnverifiedAuthRule returns the rule.
func NewUnverifiedAuthRule() *UnverifiedAuthRule {
	return &UnverifiedAuthRule{meta{name: "eksauth_unverified_auth", severity: tflint.NOTICE, disabled: true}}
}

// Check reports each provider and reason once.
func (r *UnverifiedAuthRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, p := range m.Paths {
		v := m.Verdict(p)
		if v.Access != model.CannotTell || p.Provider.Module != "" {
			// A local child's provider is the child's own run's to say
			// it cannot verify; its caller's run adds only verdicts.
			continue
		}
		if p.Context.Local && p.Identity.Ambient && len(m.Options().ExecutionRoles) > 0 {
			// The declared execution roles are checked in their own contexts.
			continue
		}
		fixed := providerIdentity(p)
		if fixed && p.Cluster == nil && p.Provider.Auth.EKS == "" {
			// A kubeconfig, a static token or an unrecognised method
			// with nothing in the module that says EKS (a GKE or an
			// on-premises cluster): not a blind spot of this ruleset.
			continue
		}
		target := "EKS"
		if p.Cluster != nil {
			target = p.Cluster.Label()
		}
		where := ""
		if p.Identity.Ambient || !p.Context.Local && !fixed {
			// Only then does the reason depend on where Terraform runs.
			where = " in the " + p.Context.Name
		}
		msg := fmt.Sprintf("%s provider (%s) access to %s cannot be verified%s: %s", p.Provider.Name(), at(p.Provider.DefRange), target, where, v.Why)
		rng := p.Provider.Auth.Range
		if k := p.Identity.ARN.Kind; p.Provider.Auth.Method == model.MethodExec && k != resolve.Known && k != resolve.Named {
			// Where the exec names the role or profile that leaves the
			// identity unknown: in a local child module, tflint reports
			// the notice once, at the caller's argument for that value,
			// not at each argument the whole exec refers to.
			rng = p.Identity.Range
		}
		if err := out.emit(msg, rng); err != nil {
			return err
		}
	}
	return nil
}

// providerIdentity reports whether the provider's own settings leave its
// identity unknown whatever the context (a kubeconfig, a static token, an
// unrecognised method), so that one notice says it for every context.
func providerIdentity(p *model.Path) bool {
	switch p.Provider.Auth.Method {
	case model.MethodClusterAuth, model.MethodExec:
		return false
	}
	return !p.Context.KubernetesDynamic
}
