package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFixRewritesPaths runs tflint --fix and compares the rewritten file:
// literal role ARNs with an IAM path (and an STS session ARN) in aws-auth
// become path-less role ARNs; an ARN built from a reference is reported and
// left alone.
func TestFixRewritesPaths(t *testing.T) {
	const before = `variable "account" {
  default = "111122223333"
}

module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "~> 19.0"
  cluster_name              = "fix"
  manage_aws_auth_configmap = true
  aws_auth_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef", username = "sso", groups = ["system:masters"] },
    { rolearn = "arn:aws:sts::111122223333:assumed-role/deployer/session-1", username = "deployer", groups = ["system:masters"] },
    { rolearn = "arn:aws:iam::${var.account}:role/service-role/ci", username = "ci", groups = ["system:masters"] },
  ]
}
`
	want := strings.NewReplacer(
		`"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef"`, `"arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123456789abcdef"`,
		`"arn:aws:sts::111122223333:assumed-role/deployer/session-1"`, `"arn:aws:iam::111122223333:role/deployer"`,
	).Replace(before)
	dir := t.TempDir()
	file := filepath.Join(dir, "main.tf")
	if err := os.WriteFile(file, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Run(t, dir, Options{Args: []string{"--fix"}})
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("after --fix:\n%s\nwant:\n%s", got, want)
	}
	fixed, unfixed := 0, 0
	for _, i := range res.Issues {
		if i.Rule.Name != "eksauth_role_arn_path" {
			t.Errorf("unexpected issue %s", i)
			continue
		}
		if i.Fixed {
			fixed++
		} else {
			unfixed++
		}
	}
	if fixed != 2 || unfixed != 1 {
		t.Errorf("%d fixed and %d unfixed issues, want 2 and 1:\n%s", fixed, unfixed, res.Report())
	}
}
