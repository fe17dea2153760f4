package hcp

import "strings"

// AWSCredentials is a workspace's AWS dynamic provider credentials for one
// provider configuration. With them, HCP Terraform assumes Plan's role for
// the plan phase and Apply's for the apply phase, whatever the run's
// ambient identity is; both roles need access to the cluster.
type AWSCredentials struct {
	Enabled bool
	// Plan and Apply are the variables naming each phase's role ARN. A
	// role that is Sensitive has no Value: it is unknown. A zero Variable
	// (empty Key) means no role is set although Enabled is.
	Plan, Apply Variable
}

// AWS returns the dynamic credentials of the provider configuration with
// the given tag; "" is the default configuration, a tag is what the
// configuration's provider reads through
// var.tfc_aws_dynamic_credentials.aliases["TAG"].
//
// Each setting is the workspace's env variable TFC_AWS_<SETTING> (with
// "_<TAG>" appended for a tagged configuration), else the shared default
// TFC_DEFAULT_AWS_<SETTING>, which HCP Terraform applies to every
// configuration that does not set its own. Credentials are enabled when
// PROVIDER_AUTH is "true" (or sensitive, hence unknown, since it is set
// for no other reason); a phase's role is PLAN_ROLE_ARN or APPLY_ROLE_ARN,
// else RUN_ROLE_ARN.
func (w Workspace) AWS(tag string) AWSCredentials {
	auth, ok := w.dynamic("AWS_PROVIDER_AUTH", tag)
	if !ok || !(auth.Sensitive || isTrue(auth.Value)) {
		return AWSCredentials{}
	}
	run, _ := w.dynamic("AWS_RUN_ROLE_ARN", tag)
	c := AWSCredentials{Enabled: true, Plan: run, Apply: run}
	if v, ok := w.dynamic("AWS_PLAN_ROLE_ARN", tag); ok {
		c.Plan = v
	}
	if v, ok := w.dynamic("AWS_APPLY_ROLE_ARN", tag); ok {
		c.Apply = v
	}
	return c
}

// KubernetesDynamicCredentials says whether the workspace's runs
// authenticate the Kubernetes provider with HCP Terraform's own OIDC
// token (TFC_KUBERNETES_PROVIDER_AUTH = true), which bypasses aws-auth
// and access entries entirely.
func (w Workspace) KubernetesDynamicCredentials() bool {
	v, ok := w.dynamic("KUBERNETES_PROVIDER_AUTH", "")
	return ok && (v.Sensitive || isTrue(v.Value))
}

// dynamic looks up the dynamic-credentials setting TFC_<setting>[_<tag>],
// falling back to TFC_DEFAULT_<setting>. A variable set to "" counts as
// unset.
func (w Workspace) dynamic(setting, tag string) (Variable, bool) {
	name := "TFC_" + setting
	if tag != "" {
		name += "_" + tag
	}
	for _, key := range []string{name, "TFC_DEFAULT_" + setting} {
		if v, ok := w.Env[key]; ok && (v.Sensitive || strings.TrimSpace(v.Value) != "") {
			v.Value = strings.TrimSpace(v.Value)
			return v, true
		}
	}
	return Variable{}, false
}

func isTrue(s string) bool { return strings.EqualFold(strings.TrimSpace(s), "true") }
