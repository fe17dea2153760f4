package hcp_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

func TestMain(m *testing.M) { e2e.Main(m) }

const (
	laptop = "arn:aws:iam::111122223333:role/platform-admin"
	agent  = "arn:aws:iam::111122223333:role/tfc-agent"
)

// story is the motivating module: the role comes from var.role_arn, set
// to the laptop's role locally; the cluster maps the laptop role only.
const story = `
terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "eks-prod"
    }
  }
}

variable "role_arn" {
  type = string
}

provider "aws" {
  assume_role {
    role_arn = var.role_arn
  }
}

module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "~> 19.0"
  cluster_name              = "platform"
  manage_aws_auth_configmap = true
  aws_auth_roles = [{ rolearn = "` + laptop + `", username = "admin", groups = ["system:masters"] }]
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}

provider "helm" {
  kubernetes {
    host = module.eks.cluster_endpoint
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
    }
  }
}
`

// module writes the story with local tfvars and a config pointing the
// plugin at the fake API.
func module(t *testing.T, srv *hcptest.Server, hcpBlock string) (dir string, opts e2e.Options) {
	t.Helper()
	dir = t.TempDir()
	write(t, filepath.Join(dir, "main.tf"), story)
	write(t, filepath.Join(dir, "terraform.tfvars"), `role_arn = "`+laptop+`"`+"\n")
	if hcpBlock == "" {
		hcpBlock = "  hcp_terraform {\n    enabled = true\n    address = \"" + srv.URL + "\"\n    timeout = \"3s\"\n  }\n"
	}
	cfg := filepath.Join(t.TempDir(), "tflint.hcl")
	// The story mixes a token and an exec on purpose (each phase's role
	// shows in one of them); that mix is eksauth_identity_mismatch's
	// business, not these tests'.
	write(t, cfg, "plugin \"terraform\" {\n  enabled = false\n}\nplugin \"eksauth\" {\n  enabled = true\n"+hcpBlock+"}\nrule \"eksauth_identity_mismatch\" {\n  enabled = false\n}\n")
	return dir, e2e.Options{Config: cfg, Env: map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": srv.URL}}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestStoryFromWorkspaceVariables(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "role_arn", Value: agent})
	dir, opts := module(t, srv, "")
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res, "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as "+agent+
		" (assume_role of provider aws, from var.role_arn = workspace variable of HCP Terraform workspace acme/eks-prod, where the local run uses "+laptop+
		" from var.role_arn = terraform.tfvars), which module.eks aws_auth_roles does not map")
	if res.Issues[0].Range.Start.Line != 17 {
		t.Errorf("reported at %s, want the role_arn line", res.Issues[0].Range)
	}
	if strings.Contains(res.Stdout+res.Stderr, srv.Token) {
		t.Errorf("the token appears in tflint's output")
	}
}

func TestStoryLocalRunIsClean(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"}) // no variables: tfvars apply
	dir, opts := module(t, srv, "")
	e2e.ExpectIssues(t, e2e.Run(t, dir, opts))
}

func TestDynamicCredentialsPerPhase(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"})
	srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_PLAN_ROLE_ARN", Value: laptop, Category: "env"})
	srv.AddVariable(id, hcptest.Var{Key: "TFC_AWS_APPLY_ROLE_ARN", Value: agent, Category: "env"})
	dir, opts := module(t, srv, "")
	res := e2e.Run(t, dir, opts)
	// kubernetes: assume_role of var.role_arn (tfvars) chains on top and
	// wins in both phases: clean. helm's exec has no --role-arn: in the
	// apply phase it is the apply role, which is not mapped.
	e2e.ExpectIssues(t, res, "eksauth_role_not_mapped: helm provider authenticates to EKS cluster module.eks as "+agent+
		" (ambient credentials of aws eks get-token, declared in TFC_AWS_APPLY_ROLE_ARN of HCP Terraform workspace acme/eks-prod, in the apply phase)")
}

func TestSensitiveWorkspaceVariable(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "role_arn", Value: agent, Sensitive: true})
	dir, opts := module(t, srv, "")
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res)
	if strings.Contains(res.Stdout+res.Stderr, "tfc-agent") {
		t.Errorf("the sensitive value appears in tflint's output")
	}
}

func TestDisabledMakesNoRequest(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	dir, opts := module(t, srv, "  # hcp_terraform is not enabled\n")
	e2e.ExpectIssues(t, e2e.Run(t, dir, opts))
	if n := srv.Requests() + srv.Pings(); n != 0 {
		t.Errorf("%d requests with hcp_terraform disabled", n)
	}
}

// Each failure ends in one warning naming the workspace, within the
// deadline, and the local run is still checked.
func TestTFLintLookupFailures(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail func(srv *hcptest.Server, id string)
		env  map[string]string
		want string
	}{
		{"unauthorized", func(s *hcptest.Server, id string) {
			s.Fail(hcptest.WorkspacePath("acme", "eks-prod"), hcptest.Status(401))
		}, nil, "acme/eks-prod"},
		{"not found", func(s *hcptest.Server, id string) {
			s.Fail(hcptest.WorkspacePath("acme", "eks-prod"), hcptest.Status(404))
		}, nil, "acme/eks-prod"},
		{"server error", func(s *hcptest.Server, id string) { s.Fail(hcptest.VarsPath(id), hcptest.Status(500)) }, nil, "acme/eks-prod"},
		{"hanging server", func(s *hcptest.Server, id string) { s.Fail(hcptest.VarsetsPath(id), hcptest.Hang) }, nil, "acme/eks-prod"},
		{"malformed JSON", func(s *hcptest.Server, id string) { s.Fail(hcptest.VarsPath(id), hcptest.Malformed) }, nil, "acme/eks-prod"},
		{"no token", func(*hcptest.Server, string) {}, map[string]string{"TFE_TOKEN": ""}, "token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := hcptest.New(t)
			id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
			srv.AddVariable(id, hcptest.Var{Key: "role_arn", Value: agent})
			tc.fail(srv, id)
			dir, opts := module(t, srv, "")
			for k, v := range tc.env {
				opts.Env[k] = v
			}
			res := e2e.Run(t, dir, opts)
			got := res.Messages()
			if len(got) != 1 || !strings.HasPrefix(got[0], "eksauth_context_unavailable: ") || !strings.Contains(got[0], tc.want) {
				t.Errorf("want exactly one eksauth_context_unavailable warning mentioning %q, got:\n%s", tc.want, strings.Join(got, "\n"))
			}
			if srv.Token != "" && strings.Contains(res.Stdout+res.Stderr, srv.Token) {
				t.Errorf("the token appears in tflint's output")
			}
		})
	}
}

func TestRateLimitIsRetried(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "role_arn", Value: agent})
	srv.Fail(hcptest.VarsPath(id), hcptest.Failure{Status: 429, Times: 1})
	dir, opts := module(t, srv, "")
	e2e.ExpectIssues(t, e2e.Run(t, dir, opts), "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as "+agent)
}

// With no way to ask the API, the workspace settings the configuration
// declares itself with the tfe provider stand in, and the warning says so.
func TestNoTokenFallsBackToDeclaredSettings(t *testing.T) {
	srv := hcptest.New(t)
	dir, opts := module(t, srv, "")
	opts.Env["TFE_TOKEN"] = ""
	write(t, filepath.Join(dir, "tfe.tf"), `
resource "tfe_workspace" "prod" {
  name         = "eks-prod"
  organization = "acme"
}

resource "tfe_variable" "role_arn" {
  workspace_id = tfe_workspace.prod.id
  key          = "role_arn"
  value        = "`+agent+`"
  category     = "terraform"
}
`)
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res,
		"eksauth_context_unavailable: HCP Terraform workspace acme/eks-prod not checked: no API token",
		"eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as "+agent+" (assume_role of provider aws, from var.role_arn = tfe_variable.role_arn (tfe.tf:7) of HCP Terraform workspace acme/eks-prod")
	if !strings.Contains(res.Issues[0].Message, "checked with the workspace settings this configuration declares") {
		t.Errorf("the warning does not say what was used instead: %s", res.Issues[0].Message)
	}
	if n := srv.Requests(); n != 0 {
		t.Errorf("%d requests without a token", n)
	}
}

// A variable the configuration declares sensitive stays secret when a
// workspace sets it without the sensitive flag: never printed, and it
// decides no finding.
func TestDeclaredSensitiveBeatsWorkspaceFlag(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "role_arn", Value: agent})
	dir, opts := module(t, srv, "")
	src, err := os.ReadFile(filepath.Join(dir, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "main.tf"), strings.Replace(string(src), "type = string", "type      = string\n  sensitive = true", 1))
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res)
	if strings.Contains(res.Stdout+res.Stderr, "tfc-agent") {
		t.Errorf("the value of a sensitive variable appears in tflint's output")
	}
}

// HCL workspace variables are evaluated when the configuration reads
// them, with its bounds; one it does not declare is never evaluated,
// however costly.
func TestHCLWorkspaceVariables(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "role_arn", Value: `"` + agent + `"`, HCL: true})
	srv.AddVariable(id, hcptest.Var{Key: "unused", Value: `[for a in range(1000000) : [for b in range(1000000) : a * b]]`, HCL: true})
	dir, opts := module(t, srv, "")
	e2e.ExpectIssues(t, e2e.Run(t, dir, opts), "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as "+agent)
}

// Declared but never read, HCL workspace variables cost nothing, however
// costly each would be to evaluate: a workspace full of them, each worth
// seconds of regular expressions, leaves the run as cheap as without them.
func TestUnreadHCLWorkspaceVariablesCostNothing(t *testing.T) {
	const n = 32
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	srv.AddVariable(id, hcptest.Var{Key: "role_arn", Value: `"` + agent + `"`, HCL: true})
	costly := `[for a in range(256) : [for b in range(256) : regexall("(a+)+b", "` + strings.Repeat("a", 1000) + `")]]`
	var decls strings.Builder
	for i := range n {
		key := fmt.Sprintf("unread_%d", i)
		srv.AddVariable(id, hcptest.Var{Key: key, Value: costly, HCL: true})
		fmt.Fprintf(&decls, "variable %q {\n  default = null\n}\n", key)
	}
	dir, opts := module(t, srv, "")
	write(t, filepath.Join(dir, "unread.tf"), decls.String())
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res, "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as "+agent)
	t.Logf("cpu %v, max RSS %d MiB", res.CPU, res.MaxRSS>>20)
	// Generous limits: the run takes well under a second and 100 MiB;
	// evaluating the variables would take minutes.
	if res.CPU > time.Minute {
		t.Errorf("cpu %v, want under a minute", res.CPU)
	}
	if res.MaxRSS > 1<<30 {
		t.Errorf("max RSS %d MiB, want under 1 GiB", res.MaxRSS>>20)
	}
}
