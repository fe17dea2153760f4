package rules

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// StaticTokenRule reports a Kubernetes-family provider whose token comes
// from a variable, local or literal. An EKS token expires within 15
// minutes, so a token pasted in while debugging (the story's first
// attempt) fails with Unauthorized on the next run.
type StaticTokenRule struct{ meta }

// NewStaticTokenRule returns the rule.
func NewStaticTokenRule() *StaticTokenRule {
	return &StaticTokenRule{meta{name: "eksauth_static_token", severity: tflint.WARNING}}
}

// Check reports each provider with a static token.
func (r *StaticTokenRule) Check(runner tflint.Runner) error {
	m, err := model.For(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, p := range m.Providers {
		if p.Auth.Method != model.MethodStaticToken {
			continue
		}
		target := eksTarget(m, p)
		if target == "" {
			// A static token is normal for other Kubernetes clusters
			// (service account tokens); only EKS tokens expire so soon.
			continue
		}
		if err := out.emit(staticTokenMessage(p, target), p.Auth.Range); err != nil {
			return err
		}
	}
	return nil
}

// staticTokenMessage names where the token comes from. A token read from
// another root's state looks computed, so the message says when it was
// made and where to make a fresh one instead.
func staticTokenMessage(p *model.KubeProvider, target string) string {
	from := ""
	if t, diags := hcl.AbsTraversalForExpr(p.Auth.Token); !diags.HasErrors() {
		from = resolve.TraversalString(t)
	}
	if state := p.Auth.State; state != "" {
		switch from {
		case state:
			from = "another root's state output " + state
		case "":
			from = "an expression that reads another root's state output " + state
		default:
			from += ", which reads another root's state output " + state
		}
		return fmt.Sprintf("%s provider authenticates to %s with a static token from %s: it was made when that root was last applied, and EKS tokens expire within 15 minutes, so runs fail with Unauthorized; make the token in this root with data \"aws_eks_cluster_auth\" or exec with aws eks get-token", p.Name(), target, from)
	}
	switch {
	case from != "":
	case len(p.Auth.Token.Variables()) > 0:
		from = "an expression of variables and locals"
	default:
		from = "a literal"
	}
	return fmt.Sprintf("%s provider authenticates to %s with a static token from %s: EKS tokens expire within 15 minutes, so runs fail with Unauthorized; use data \"aws_eks_cluster_auth\" or exec with aws eks get-token", p.Name(), target, from)
}

// eksTarget names the EKS cluster a provider talks to: one defined in the
// module, one its host reads from an aws_eks_cluster (data) block, an EKS
// endpoint by its host name, or a host that cannot be read where the
// configuration gives evidence of EKS; "" when it is not EKS.
func eksTarget(m *model.Model, p *model.KubeProvider) string {
	for _, path := range m.Paths {
		if path.Provider == p && path.Cluster != nil {
			return path.Cluster.Label()
		}
	}
	if len(m.Contexts) == 0 {
		return ""
	}
	if p.Auth.Host == nil {
		if p.Auth.EKS == "" {
			return ""
		}
		return "a cluster " + eksEvidence(p.Auth.EKS, "")
	}
	h := resolve.StringOf(m.Eval(m.Contexts[0], p.Auth.Host))
	if ref, ok := symbol.Whole(h.Text); ok && h.Kind == resolve.Named {
		for _, prefix := range []string{"data.aws_eks_cluster.", "aws_eks_cluster."} {
			if strings.HasPrefix(ref, prefix) {
				addr := strings.Join(strings.SplitN(ref, ".", 4)[:strings.Count(prefix, ".")+1], ".")
				if prefix == "data.aws_eks_cluster." {
					return "the EKS cluster " + addr + " reads"
				}
				return "EKS cluster " + addr
			}
		}
	}
	if h.Kind == resolve.Known {
		if u, err := url.Parse(h.Text); err == nil && (strings.HasSuffix(u.Hostname(), ".eks.amazonaws.com") || strings.HasSuffix(u.Hostname(), ".eks.amazonaws.com.cn")) {
			return "EKS endpoint " + u.Hostname()
		}
		// A host that is known and is not an EKS endpoint is some other
		// cluster, whatever else the module holds.
		return ""
	}
	if p.Auth.EKS == "" {
		return ""
	}
	if t, diags := hcl.AbsTraversalForExpr(p.Auth.Host); !diags.HasErrors() {
		host := resolve.TraversalString(t)
		return "the cluster at " + host + " " + eksEvidence(p.Auth.EKS, host)
	}
	return "the cluster its host names " + eksEvidence(p.Auth.EKS, "")
}

// eksEvidence says in passing why a cluster whose host cannot tell is
// taken to be EKS: "(EKS, judging by the variable's name)" where the host
// is that variable, "(EKS, judging by data.aws_eks_cluster.this in this
// module)".
func eksEvidence(evidence, host string) string {
	if strings.HasPrefix(host, "var.") {
		switch evidence {
		case "the name of " + host:
			evidence = "the variable's name"
		case "the description of " + host:
			evidence = "the variable's description"
		}
	}
	return "(EKS, judging by " + evidence + ")"
}
