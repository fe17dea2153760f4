package hcp_test

import (
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

// The cluster and the workloads live in two workspaces: acme/eks-cluster
// creates the cluster and its access entries, acme/k8s-apps reads the
// cluster's name from its outputs and runs as appsRole through dynamic
// credentials. The local run's identity is nobody's to know, so only the
// workspace's run is judged.
const (
	appsRole  = "arn:aws:iam::111122223333:role/k8s-apps"
	otherRole = "arn:aws:iam::111122223333:role/platform-deployer"
)

const appsConfig = `
terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "k8s-apps"
    }
  }
}

data "tfe_outputs" "eks" {
  organization = "acme"
  workspace    = "eks-cluster"
}

provider "aws" {}

data "aws_eks_cluster_auth" "this" {
  name = data.tfe_outputs.eks.nonsensitive_values.cluster_name
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.this.token
}
`

// clusterConfig grants whoever var.deployer_arn names; the default is
// another role, so the values the workspace's runs apply decide.
const clusterConfig = `
variable "deployer_arn" {
  type    = string
  default = "` + otherRole + `"
}

module "eks" {
  source              = "terraform-aws-modules/eks/aws"
  version             = "~> 20.0"
  cluster_name        = "platform"
  authentication_mode = "API"
  access_entries = {
    deployer = {
      principal_arn = var.deployer_arn
      policy_associations = {
        admin = {
          policy_arn   = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = { type = "cluster" }
        }
      }
    }
  }
}

output "cluster_name" {
  value = module.eks.cluster_name
}
`

const notGranted = "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks of HCP Terraform workspace acme/eks-cluster (via data.tfe_outputs.eks.nonsensitive_values.cluster_name) as " +
	appsRole + " (ambient credentials of provider aws, declared in TFC_AWS_RUN_ROLE_ARN of HCP Terraform workspace acme/k8s-apps), which module.eks access_entries ("

// downloadedGrant and checkoutGrant are where the message says the grant
// is written: in the downloaded archive, or in the checkout beside the
// linted module.
const (
	downloadedGrant = "acme/eks-cluster:infra/eks/main.tf:12) does not grant access to"
	checkoutGrant   = "../eks-cluster/main.tf:12) does not grant access to"
)

// twoWorkspaces serves both workspaces; the apps workspace runs as
// appsRole. It returns the cluster workspace's ID.
func twoWorkspaces(t *testing.T, srv *hcptest.Server, cluster hcptest.Workspace) string {
	t.Helper()
	apps := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "k8s-apps"})
	srv.AddVariable(apps, hcptest.Var{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"})
	srv.AddVariable(apps, hcptest.Var{Key: "TFC_AWS_RUN_ROLE_ARN", Value: appsRole, Category: "env"})
	cluster.Organization, cluster.Name = "acme", "eks-cluster"
	return srv.AddWorkspace(cluster)
}

// appsModule writes the apps configuration in dir (a new directory when
// "") and a config pointing the plugin at the fake.
func appsModule(t *testing.T, srv *hcptest.Server, dir string) (string, e2e.Options) {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "main.tf"), appsConfig)
	cfg := filepath.Join(t.TempDir(), "tflint.hcl")
	write(t, cfg, "plugin \"terraform\" {\n  enabled = false\n}\nplugin \"eksauth\" {\n  enabled = true\n  hcp_terraform {\n    enabled = true\n    address = \""+srv.URL+"\"\n    timeout = \"5s\"\n  }\n}\n")
	return dir, e2e.Options{Config: cfg, Env: map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": srv.URL}}
}

func clusterArchive(extra map[string]string) []byte {
	files := map[string]string{"infra/eks/main.tf": clusterConfig, "README.md": "not Terraform\n"}
	for k, v := range extra {
		files[k] = v
	}
	return hcptest.Archive(files)
}

func noToken(t *testing.T, srv *hcptest.Server, res e2e.Result) {
	t.Helper()
	if strings.Contains(res.Stdout+res.Stderr, srv.Token) {
		t.Errorf("the token appears in tflint's output")
	}
}

// Twins: the cluster workspace's variables decide. Its workspace variable
// wins over the terraform.tfvars in its configuration, and a variable set
// applied to it counts as its runs see it.
func TestClusterWorkspaceGrants(t *testing.T) {
	for _, tc := range []struct {
		name    string
		vars    func(srv *hcptest.Server, id string)
		tfvars  string
		want    []string
		request string
	}{
		{name: "workspace variable over tfvars: not granted",
			vars: func(srv *hcptest.Server, id string) {
				srv.AddVariable(id, hcptest.Var{Key: "deployer_arn", Value: otherRole})
			},
			tfvars: `deployer_arn = "` + appsRole + `"`,
			want:   []string{notGranted + downloadedGrant}},
		{name: "variable set grants",
			vars: func(srv *hcptest.Server, id string) {
				srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "deployers", Workspaces: []string{id},
					Vars: []hcptest.Var{{Key: "deployer_arn", Value: appsRole}}})
			}},
		{name: "sensitive workspace variable decides nothing",
			vars: func(srv *hcptest.Server, id string) {
				srv.AddVariable(id, hcptest.Var{Key: "deployer_arn", Value: otherRole, Sensitive: true})
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := hcptest.New(t)
			id := twoWorkspaces(t, srv, hcptest.Workspace{WorkingDirectory: "infra/eks"})
			tc.vars(srv, id)
			extra := map[string]string{}
			if tc.tfvars != "" {
				extra["infra/eks/terraform.tfvars"] = tc.tfvars + "\n"
			}
			srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: clusterArchive(extra)})
			dir, opts := appsModule(t, srv, "")
			res := e2e.Run(t, dir, opts)
			e2e.ExpectIssues(t, res, tc.want...)
			noToken(t, srv, res)
		})
	}
}

// The API may answer a download with a redirect to the archive's
// location on another host; the token does not follow it.
func TestClusterWorkspaceDownloadByRedirect(t *testing.T) {
	srv := hcptest.New(t)
	id := twoWorkspaces(t, srv, hcptest.Workspace{WorkingDirectory: "infra/eks"})
	archive := clusterArchive(nil)
	cv := srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: archive})
	host := hcptest.NewArchiveHost(t)
	srv.RedirectDownload(cv, host.Put("/signed/"+cv+".tar.gz", archive))
	dir, opts := appsModule(t, srv, "")
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res, notGranted+downloadedGrant)
	noToken(t, srv, res)
	auth := host.Authorizations()
	if len(auth) != 1 || auth[0] != "" {
		t.Errorf("archive host saw Authorization headers %q, want one request without", auth)
	}
}

// In a monorepo the checkout holds the cluster workspace's working
// directory: it is read from disk, and nothing is downloaded. The
// workspace has no configuration version at all, so a download would fail.
func TestClusterWorkspaceFromCheckout(t *testing.T) {
	for _, granted := range []bool{false, true} {
		srv := hcptest.New(t)
		id := twoWorkspaces(t, srv, hcptest.Workspace{WorkingDirectory: "eks-cluster", VCSRepo: "acme/infra", NoCurrentConfigurationVersion: true})
		if granted {
			srv.AddVariable(id, hcptest.Var{Key: "deployer_arn", Value: appsRole})
		}
		top := t.TempDir()
		if out, err := exec.Command("git", "init", "-q", top).CombinedOutput(); err != nil {
			t.Fatalf("git init: %v\n%s", err, out)
		}
		if err := os.MkdirAll(filepath.Join(top, "eks-cluster"), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(top, "eks-cluster", "main.tf"), clusterConfig)
		dir, opts := appsModule(t, srv, filepath.Join(top, "k8s-apps"))
		res := e2e.Run(t, dir, opts)
		if granted {
			e2e.ExpectIssues(t, res)
		} else {
			e2e.ExpectIssues(t, res, notGranted+checkoutGrant)
		}
		for _, req := range srv.Log() {
			if strings.Contains(req, "configuration-versions") {
				t.Errorf("requested %s, though the checkout holds the configuration", req)
			}
		}
	}
}

// A workspace that cannot be read is one warning on the data source that
// names it, and no finding about its cluster.
func TestClusterWorkspaceUnavailable(t *testing.T) {
	big := make([]byte, 11<<20)
	if _, err := rand.Read(big); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		setup func(srv *hcptest.Server, id string)
		want  string
	}{
		{"not found", func(srv *hcptest.Server, id string) {
			srv.Fail(hcptest.WorkspacePath("acme", "eks-cluster"), hcptest.Status(404))
		}, "acme/eks-cluster"},
		{"archive over 10 MB", func(srv *hcptest.Server, id string) {
			// Random bytes do not compress: the archive itself is too large.
			srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: clusterArchive(map[string]string{"infra/eks/blob.bin": string(big)})})
		}, "larger than 10 MB"},
		{"archive with a link", func(srv *hcptest.Server, id string) {
			srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: withSymlink(t)})
		}, "symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := hcptest.New(t)
			id := twoWorkspaces(t, srv, hcptest.Workspace{WorkingDirectory: "infra/eks"})
			tc.setup(srv, id)
			dir, opts := appsModule(t, srv, "")
			res := e2e.Run(t, dir, opts)
			got := res.Messages()
			if len(got) != 1 || !strings.HasPrefix(got[0], "eksauth_context_unavailable: HCP Terraform workspace acme/eks-cluster not checked") || !strings.Contains(got[0], tc.want) {
				t.Fatalf("want exactly one eksauth_context_unavailable warning about acme/eks-cluster mentioning %q, got:\n%s", tc.want, strings.Join(got, "\n"))
			}
			if res.Issues[0].Range.Start.Line != 11 {
				t.Errorf("reported at %v, want the data source naming the workspace", res.Issues[0].Range)
			}
			noToken(t, srv, res)
		})
	}
}

// The referenced workspace costs at most its read, its variables, its
// variable sets and its download, on top of what the linted workspace
// costs, pings included: the run connects to the API once.
func TestClusterWorkspaceRequestCount(t *testing.T) {
	count := func(reference bool) (requests, pings int, log []string) {
		srv := hcptest.New(t)
		id := twoWorkspaces(t, srv, hcptest.Workspace{WorkingDirectory: "infra/eks"})
		srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: clusterArchive(nil)})
		dir, opts := appsModule(t, srv, "")
		if !reference {
			// The same module with its cluster named directly.
			write(t, filepath.Join(dir, "main.tf"), strings.Replace(appsConfig, "data.tfe_outputs.eks.nonsensitive_values.cluster_name", `"platform"`, 1))
		}
		res := e2e.Run(t, dir, opts)
		if reference {
			e2e.ExpectIssues(t, res, notGranted+downloadedGrant)
		}
		return srv.Requests(), srv.Pings(), srv.Log()
	}
	base, basePings, _ := count(false)
	with, pings, log := count(true)
	if extra := with - base; extra > 4 || extra < 1 {
		t.Errorf("the referenced workspace cost %d API requests beyond the linted workspace's %d, want 1 to 4:\n%s", extra, base, strings.Join(log, "\n"))
	}
	if pings != basePings {
		t.Errorf("%d pings, want %d: the linted and the referenced workspaces share one client", pings, basePings)
	}
}

// withSymlink is the cluster's configuration plus a symbolic link, which
// means something else on every machine that unpacks it.
func withSymlink(t *testing.T) []byte {
	t.Helper()
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "infra", "eks"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "infra", "eks", "main.tf"), clusterConfig)
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "infra", "eks", "passwd.tf")); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("tar", "-czf", "-", "-C", dir, ".").Output()
	if err != nil {
		t.Fatalf("tar: %v", err)
	}
	return out
}

// terraform_remote_state with the remote backend reads the same outputs,
// and an exec plugin's --cluster-name follows it as a token's name does.
func TestClusterWorkspaceRemoteState(t *testing.T) {
	srv := hcptest.New(t)
	id := twoWorkspaces(t, srv, hcptest.Workspace{WorkingDirectory: "infra/eks"})
	srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: clusterArchive(nil)})
	dir, opts := appsModule(t, srv, "")
	write(t, filepath.Join(dir, "main.tf"), `
terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "k8s-apps"
    }
  }
}

data "terraform_remote_state" "eks" {
  backend = "remote"
  config = {
    organization = "acme"
    workspaces   = { name = "eks-cluster" }
  }
}

provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", data.terraform_remote_state.eks.outputs.cluster_name]
  }
}
`)
	res := e2e.Run(t, dir, opts)
	e2e.ExpectIssues(t, res, "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks of HCP Terraform workspace acme/eks-cluster (via data.terraform_remote_state.eks.outputs.cluster_name) as "+appsRole+
		" (ambient credentials of aws eks get-token, declared in TFC_AWS_RUN_ROLE_ARN of HCP Terraform workspace acme/k8s-apps)")
}

// The configuration chooses how many workspaces it reads outputs of, and
// each costs requests, a download and a model: a run reads at most eight.
// Each one past the bound is one warning naming it, and no request.
func TestClusterWorkspacesAreBounded(t *testing.T) {
	const refs, bound = 10, 8
	srv := hcptest.New(t)
	apps := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "k8s-apps"})
	srv.AddVariable(apps, hcptest.Var{Key: "TFC_AWS_PROVIDER_AUTH", Value: "true", Category: "env"})
	srv.AddVariable(apps, hcptest.Var{Key: "TFC_AWS_RUN_ROLE_ARN", Value: appsRole, Category: "env"})
	var cfg strings.Builder
	cfg.WriteString("terraform {\n  cloud {\n    organization = \"acme\"\n    workspaces {\n      name = \"k8s-apps\"\n    }\n  }\n}\n\nprovider \"aws\" {}\n")
	for i := range refs {
		name := fmt.Sprintf("eks-%d", i)
		id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: name, WorkingDirectory: "infra/eks"})
		srv.AddVariable(id, hcptest.Var{Key: "deployer_arn", Value: appsRole})
		srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: clusterArchive(nil)})
		fmt.Fprintf(&cfg, `
data "tfe_outputs" "c%[1]d" {
  organization = "acme"
  workspace    = %[2]q
}

data "aws_eks_cluster_auth" "c%[1]d" {
  name = data.tfe_outputs.c%[1]d.values.cluster_name
}

provider "kubernetes" {
  alias = "c%[1]d"
  token = data.aws_eks_cluster_auth.c%[1]d.token
}
`, i, name)
	}
	dir, opts := appsModule(t, srv, "")
	write(t, filepath.Join(dir, "main.tf"), cfg.String())
	res := e2e.Run(t, dir, opts)

	read := map[string]bool{}
	for i := range refs {
		name := fmt.Sprintf("eks-%d", i)
		for _, req := range srv.Log() {
			if strings.Contains(req, " "+hcptest.WorkspacePath("acme", name)) {
				read[name] = true
			}
		}
	}
	if len(read) != bound {
		t.Errorf("read %d referenced workspaces, want %d:\n%s", len(read), bound, strings.Join(srv.Log(), "\n"))
	}
	got := res.Messages()
	if len(got) != refs-bound {
		t.Fatalf("want %d warnings, one for each workspace past the bound, got:\n%s", refs-bound, strings.Join(got, "\n"))
	}
	for _, msg := range got {
		name, ok := strings.CutPrefix(msg, "eksauth_context_unavailable: HCP Terraform workspace acme/")
		name, _, _ = strings.Cut(name, " ")
		if !ok || read[name] || !strings.Contains(msg, fmt.Sprintf("already read %d other workspaces", bound)) {
			t.Errorf("warning %q, want one naming an unread workspace and the bound", msg)
		}
	}
	noToken(t, srv, res)
}
