package rules

import (
	"fmt"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// IdentityMismatchRule reports Kubernetes providers that authenticate as
// another principal than the configuration seems to mean. aws eks
// get-token runs with the credentials the AWS provider assumes its role
// from, never with that role; a token next to an exec makes client-go skip
// the exec; a token signed as role R next to an exec without --role-arn
// reaches one cluster as two principals (terraform-aws-eks 2481, 1264).
// Each principal needs its own grant; one of them usually has none.
type IdentityMismatchRule struct{ meta }

// NewIdentityMismatchRule returns the rule.
func NewIdentityMismatchRule() *IdentityMismatchRule {
	return &IdentityMismatchRule{meta{name: "eksauth_identity_mismatch", severity: tflint.WARNING}}
}

// identityKey says who an identity is, for comparison: the ARN text,
// "ambient" for the run's own credentials, "" when unknown.
func identityKey(id model.Identity) string {
	switch {
	case id.Ambient:
		return "ambient"
	case id.ARN.Kind == resolve.Known:
		return id.ARN.Text
	}
	return ""
}

// differ reports whether two identities are certainly different
// principals: an assumed role against the run's own credentials (assuming
// a role means not being it), or two known roles that cannot be the same.
func differ(a, b model.Identity) bool {
	ka, kb := identityKey(a), identityKey(b)
	switch {
	case ka == "" || kb == "" || ka == kb:
		return false
	case ka == "ambient" || kb == "ambient":
		return true
	}
	pa, err := arn.Parse(ka)
	if err != nil {
		return false
	}
	return arn.MatchAccessEntry(pa, kb) == arn.No
}

func describe(id model.Identity) string {
	if id.Ambient {
		return "the run's own credentials (" + id.How + ")"
	}
	return id.ARN.Display() + " (" + id.How + ")"
}

// Check reports, in the local run, exec providers that ignore the role
// their AWS provider assumes, exec blocks that a token overrides, and
// pairs of providers that reach one cluster as different principals; each
// provider at most once.
func (r *IdentityMismatchRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	var local []*model.Path
	for _, p := range m.Paths {
		if p.Context.Local && p.Provider.Module == "" {
			// A local child's provider is its own run's to compare.
			local = append(local, p)
		}
	}
	reported := map[*model.KubeProvider]bool{}
	// explained maps an exec provider already known to ignore the assumed
	// role to that role's key: a token provider with that role is the
	// same mismatch seen from the other side.
	explained := map[*model.KubeProvider]string{}
	for _, p := range local {
		role, ok := ignoredAssumeRole(m, p)
		if !ok {
			continue
		}
		explained[p.Provider] = identityKey(role)
		if quietFor(m, p) {
			continue
		}
		works := "the rest of the run works as"
		if p.Cluster != nil && p.Cluster.Kind != model.ExternalCluster {
			works = "the cluster is created with"
		}
		msg := fmt.Sprintf("%s provider authenticates to %s with the run's own credentials (%s), not as %s (%s), the role %s: two principals, each needing its own grant; %s, or use an aws_eks_cluster_auth token, unless the run's own credentials are meant and granted",
			p.Provider.Name(), clusterTarget(p), p.Identity.How, role.ARN.Display(), roleSource(m, p, role), works, assumedRoleFix(m, p, role))
		if err := out.emit(msg, p.Provider.Auth.Range); err != nil {
			return err
		}
		reported[p.Provider] = true
	}
	for _, p := range local {
		x := p.IgnoredExec
		if x == nil || reported[p.Provider] || !differ(p.Identity, *x) {
			continue
		}
		msg := fmt.Sprintf("%s provider sets both token and exec: client-go sends the token, which authenticates to %s as %s, and never runs the exec, which would authenticate as %s; remove the exec block, or the token if the exec's identity is the one meant",
			p.Provider.Name(), clusterTarget(p), describe(p.Identity), describe(*x))
		if err := out.emit(msg, p.Provider.Auth.Exec.Range); err != nil {
			return err
		}
		reported[p.Provider] = true
	}
	// Providers of one form (two aliases, each with its own --role-arn)
	// differ on purpose; the mistake is a token and an exec that were
	// meant to be the same principal.
	for i, p := range local {
		if p.Cluster == nil || reported[p.Provider] {
			continue
		}
		for _, f := range local[:i] {
			if f.Cluster != p.Cluster || f.Provider.Auth.Method == p.Provider.Auth.Method || !differ(f.Identity, p.Identity) {
				continue
			}
			if k, ok := explained[f.Provider]; ok && k == identityKey(p.Identity) {
				continue
			}
			if k, ok := explained[p.Provider]; ok && k == identityKey(f.Identity) {
				continue
			}
			msg := fmt.Sprintf("%s provider authenticates to %s as %s, but %s provider (%s) authenticates to it as %s: two principals, each needing its own grant; give both the same identity unless that is intended",
				p.Provider.Name(), p.Cluster.Label(), describe(p.Identity), f.Provider.Name(), at(f.Provider.DefRange), describe(f.Identity))
			if err := out.emit(msg, p.Provider.Auth.Range); err != nil {
				return err
			}
			reported[p.Provider] = true
			break
		}
	}
	return nil
}

// ignoredAssumeRole returns the role an exec provider's run assumes for
// AWS, when the exec itself runs as the run's own credentials: the AWS
// provider that applies its cluster (else the default one) assumes a
// role, and the exec names no role, profile or keys of its own.
func ignoredAssumeRole(m *model.Model, p *model.Path) (model.Identity, bool) {
	if p.Provider.Auth.Method != model.MethodExec || !p.Identity.Ambient {
		return model.Identity{}, false
	}
	role := m.AWSIdentity(m.RunAWS(p), p.Context)
	if role.Ambient || role.ARN.Kind != resolve.Known && role.ARN.Kind != resolve.Named {
		return model.Identity{}, false
	}
	return role, true
}

// quietFor reports whether the exec's identity is already judged: denied
// in some context (eksauth_role_not_mapped reports it as certain, with the
// fix), or declared (execution_roles, HCP Terraform workspaces) and let in
// wherever it is, so that running the exec as it is what the user means.
func quietFor(m *model.Model, p *model.Path) bool {
	declared, granted := 0, 0
	for _, o := range m.Paths {
		if o.Provider != p.Provider {
			continue
		}
		v := m.Verdict(o)
		if v.Access == model.Denied {
			return true
		}
		if o.Context.Local || !o.Identity.Ambient {
			continue
		}
		declared++
		if v.Access == model.Granted {
			granted++
		}
	}
	return declared > 0 && granted == declared
}

// clusterTarget names the cluster a path reaches: as Cluster.Label does,
// else by the name its exec command gives.
func clusterTarget(p *model.Path) string {
	if p.Cluster != nil {
		return p.Cluster.Label()
	}
	if p.Exec != nil {
		if k := p.Exec.Cluster.Kind; k == resolve.Known || k == resolve.Named {
			return model.ClusterNamed(p.Exec.Cluster)
		}
	}
	return "EKS"
}

// roleSource says how an AWS provider's role is chosen and where it is
// set: "assume_role of provider aws, main.tf:5, from var.role_arn =
// terraform.tfvars".
func roleSource(m *model.Model, p *model.Path, r model.Identity) string {
	s := r.How + ", " + at(r.Range)
	if prov := m.Provenance(p.Context, r.ARN); prov != "" {
		s += ", from " + prov
	}
	return s
}

// assumedRoleFix says how a path that runs as the run's own credentials
// takes on role r instead: the exec command's own role flag, or the AWS
// provider that assumes r for the token's data source.
func assumedRoleFix(m *model.Model, p *model.Path, r model.Identity) string {
	if p.Exec != nil && !p.Provider.Auth.ExecIgnored {
		flag := "--role-arn"
		if p.Exec.Tool == "aws-iam-authenticator token" {
			flag = "-r"
		}
		return fmt.Sprintf("%s does not use the AWS provider's assume_role: add %q, %q to the exec args", p.Exec.Tool, flag, r.ARN.Display())
	}
	if src := p.Provider.Auth.Source; src != nil && p.AWS != nil {
		return fmt.Sprintf("%s is signed by provider %s, which assumes no role: give it provider = %s", src.Addr(), p.AWS.Name, m.RunAWS(p).Name)
	}
	return "authenticate as " + r.ARN.Display()
}
