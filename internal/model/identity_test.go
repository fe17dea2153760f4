package model

import (
	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"

	"strings"
	"testing"
)

// TestAWSIdentity checks who a token from aws_eks_cluster_auth is signed
// by: the role its AWS provider assumes, else the run's own credentials.
func TestAWSIdentity(t *testing.T) {
	for _, tc := range []struct {
		name, aws string
		arn, how  string
		why       string
	}{
		{
			name: "assume_role of the aliased provider the data source uses",
			aws: `provider "aws" {
  alias = "ci"
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}`,
			arn: "arn:aws:iam::111122223333:role/ci", how: "assume_role of provider aws.ci",
		},
		{
			name: "an empty role_arn assumes nothing",
			aws: `provider "aws" {
  alias = "ci"
  assume_role { role_arn = "" }
}`,
			arn: "arn:aws:iam::111122223333:role/runner", how: "ambient credentials of provider aws.ci",
		},
		{
			name: "a profile",
			aws: `provider "aws" {
  alias   = "ci"
  profile = "prod"
}`,
			why: "provider aws.ci uses profile prod",
		},
		{
			name: "static access keys sign as their owner, not the run",
			aws: `variable "key" { type = string }
provider "aws" {
  alias      = "ci"
  access_key = var.key
  secret_key = "not-read"
}`,
			why: "provider aws.ci uses static access keys from var.key",
		},
		{
			name: "a literal access key is never repeated",
			aws: `provider "aws" {
  alias      = "ci"
  access_key = "AKIAEXAMPLEKEY"
}`,
			why: "provider aws.ci uses static access keys",
		},
		{
			name: "an empty access key is no key",
			aws: `provider "aws" {
  alias      = "ci"
  access_key = ""
}`,
			arn: "arn:aws:iam::111122223333:role/runner", how: "ambient credentials of provider aws.ci",
		},
		{
			name: "keys only start an assume_role",
			aws: `provider "aws" {
  alias      = "ci"
  access_key = "AKIAEXAMPLEKEY"
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}`,
			arn: "arn:aws:iam::111122223333:role/ci", how: "assume_role of provider aws.ci",
		},
		{
			name: "a dynamic assume_role",
			aws: `provider "aws" {
  alias = "ci"
  dynamic "assume_role" {
    for_each = ["x"]
    content {}
  }
}`,
			why: "assumes a role in a dynamic block",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{ExecutionRoles: []arn.Principal{mustParse(t, "arn:aws:iam::111122223333:role/runner")}}, map[string]string{"main.tf": tc.aws + `
resource "aws_eks_cluster" "c" { name = "c" }
data "aws_eks_cluster_auth" "c" {
  provider = aws.ci
  name     = aws_eks_cluster.c.name
}
provider "kubernetes" { token = data.aws_eks_cluster_auth.c.token }
`})
			// The second context is the declared execution role's.
			id := m.Paths[1].Identity
			if tc.arn != "" {
				if id.ARN.Display() != tc.arn || id.How != tc.how {
					t.Errorf("identity %s (%s), want %s (%s); why %q", id.ARN.Display(), id.How, tc.arn, tc.how, id.Why)
				}
				return
			}
			if !strings.Contains(id.Why, tc.why) {
				t.Errorf("identity %s, why %q; want it to say %q", id.ARN.Display(), id.Why, tc.why)
			}
			if strings.Contains(id.Why, "AKIA") {
				t.Errorf("why %q repeats the access key", id.Why)
			}
		})
	}
}
