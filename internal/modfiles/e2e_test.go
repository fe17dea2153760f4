package modfiles_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
)

func TestMain(m *testing.M) { e2e.Main(m) }

// root calls a local module that might write aws-auth for the cluster;
// the role the provider assumes is not mapped by the cluster itself.
const root = `
module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "~> 19.0"
  cluster_name              = "platform"
  manage_aws_auth_configmap = true
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/admin", username = "admin", groups = ["system:masters"] }]
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/tfc-agent"
  }
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.this.token
}

module "extras" {
  source = "./extras"
}
`

func writeFile(t *testing.T, p, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A local module's file that is a symlink to /dev/zero is skipped, not
// read forever; the module is then not wholly known and may write
// aws-auth, so the role is not reported as certain, and the notice says
// which file was left out and why. tflint runs with
// --call-module-type=none: it would read /dev/zero itself when loading
// the module.
func TestLocalModuleWithDevZero(t *testing.T) {
	args := []string{"--call-module-type=none"}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "main.tf"), root)
	writeFile(t, filepath.Join(dir, "extras", "main.tf"), "variable \"namespace\" {}\n")
	// The module read whole, with nothing about aws-auth: a certain finding.
	e2e.ExpectIssues(t, e2e.Run(t, dir, e2e.Options{Args: args}),
		"eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as arn:aws:iam::111122223333:role/tfc-agent")
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "extras", "zero.tf")); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "tflint.hcl")
	writeFile(t, cfg, "plugin \"terraform\" {\n  enabled = false\n}\nplugin \"eksauth\" {\n  enabled = true\n}\nrule \"eksauth_unverified_auth\" {\n  enabled = true\n}\n")
	e2e.ExpectIssues(t, e2e.Run(t, dir, e2e.Options{Args: args, Config: cfg}),
		"eksauth_unverified_auth: kubernetes provider (main.tf:20) access to EKS cluster module.eks cannot be verified: grants in module.extras (a local module that was not read whole: extras/zero.tf is a symbolic link that was not followed (path escapes from parent)) cannot be read")
}
