package rules

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/msgtext"
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

// Check reports each provider and reason once: in each context where the
// reason depends on where Terraform runs, else once for them all.
func (r *UnverifiedAuthRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	var order []*model.KubeProvider
	notices := map[*model.KubeProvider][]notice{}
	decided := map[*model.KubeProvider]bool{}
	for _, p := range m.Paths {
		if p.Provider.Module != "" {
			// A local child's provider is the child's own run's to say
			// it cannot verify; its caller's run adds only verdicts.
			continue
		}
		v := m.Verdict(p)
		if v.Access != model.CannotTell {
			decided[p.Provider] = true
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
		if p.Provider.Auth.Method == model.MethodStaticToken && v.Why == p.Identity.Why && eksTarget(m, p.Provider) != "" {
			// eksauth_static_token warns about this very token.
			continue
		}
		n := notice{path: p, why: v.Why, target: "EKS", rng: p.Provider.Auth.Range}
		if p.Cluster != nil {
			n.target = p.Cluster.Label()
		}
		if k := p.Identity.ARN.Kind; v.Why == p.Identity.Why && p.Identity.Range.Filename != "" &&
			(p.Identity.Setting || p.Provider.Auth.Method == model.MethodExec && k != resolve.Known && k != resolve.Named) {
			// Where the setting that leaves the identity unknown is
			// written (a profile, access keys, the exec's role): in a
			// local child module, tflint reports the notice once, at the
			// caller's argument for that value, not at each argument the
			// whole exec refers to.
			n.rng = p.Identity.Range
		}
		if p.Identity.Ambient || !p.Context.Local && !fixed {
			// Only then may the reason depend on where Terraform runs.
			n.where = " in the " + p.Context.Name
			if p.Context.Local && p.Identity.Ambient {
				n.why += hcpHint(m)
			}
		}
		if notices[p.Provider] == nil {
			order = append(order, p.Provider)
		}
		notices[p.Provider] = append(notices[p.Provider], n)
	}
	out := newEmitter(runner, r)
	for _, prov := range order {
		ns := notices[prov]
		once := !decided[prov] && sameReason(ns)
		for _, n := range ns {
			where := n.where
			if once {
				where = ""
			}
			msg := fmt.Sprintf("%s provider (%s) access to %s cannot be verified%s: %s", prov.Name(), at(prov.DefRange), n.target, where, n.why)
			if err := out.emit(msg, n.rng); err != nil {
				return err
			}
		}
	}
	return nil
}

// notice is what one context of a provider cannot verify.
type notice struct {
	path        *model.Path
	target, why string
	// where is " in the CONTEXT" when the reason may depend on the context.
	where string
	rng   hcl.Range
}

// sameReason reports whether a provider's notices say the same thing in
// every context it is not decided in, so that naming each context would
// only repeat it (a profile is a profile for every execution role).
func sameReason(ns []notice) bool {
	if len(ns) < 2 {
		return false
	}
	for _, n := range ns[1:] {
		if n.why != ns[0].why || n.target != ns[0].target || n.rng != ns[0].rng {
			return false
		}
	}
	return true
}

// hcpHint says, for a configuration that runs in HCP Terraform while
// hcp_terraform is off, where its runs are judged instead: the local run
// is then the one context that is not checked.
func hcpHint(m *model.Model) string {
	b := m.Backend()
	if b.Kind == "" || m.Options().HCPTerraform {
		return ""
	}
	for _, c := range m.Contexts {
		if c.VarSource != "" {
			// A workspace the configuration declares with tfe_*
			// resources is checked without hcp_terraform.
			return ""
		}
	}
	return "; it runs in " + workspacesOf(b.Backend) + ": enable hcp_terraform to check its runs"
}

// workspacesOf names the HCP Terraform workspaces a cloud block or remote
// backend selects: "HCP Terraform workspace acme/eks-prod", "HCP Terraform
// workspaces acme/eks-*", "HCP Terraform workspaces of acme tagged eks".
func workspacesOf(b cloud.Backend) string {
	org := ""
	if b.Organization != "" {
		org = msgtext.Value(b.Organization)
	}
	switch {
	case b.Name != "" && org != "":
		return "HCP Terraform workspace " + org + "/" + msgtext.Value(b.Name)
	case b.Name != "":
		return "HCP Terraform workspace " + msgtext.Value(b.Name)
	case b.Prefix != "" && org != "":
		return "HCP Terraform workspaces " + org + "/" + msgtext.Value(b.Prefix+"*")
	case b.Prefix != "":
		return "HCP Terraform workspaces " + msgtext.Value(b.Prefix+"*")
	}
	of := ""
	if org != "" {
		of = " of " + org
	}
	if len(b.Tags) > 0 {
		return "HCP Terraform workspaces" + of + " tagged " + msgtext.List(b.Tags)
	}
	return "HCP Terraform workspaces" + of
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
