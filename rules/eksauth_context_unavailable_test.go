package rules

import (
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
)

// notesRunner builds the model as the eksauth runner does and then adds the
// notes the runner adds when a workspace or baseline cannot be read (that
// reading is tested in internal/hcp and internal/baseline, end to end).
type notesRunner struct {
	*helper.Runner
	notes func(*model.Model) []model.Note
}

func (r notesRunner) EKSAuthModel() (*model.Model, error) {
	m, err := model.Build(r.Runner, model.Options{})
	if err != nil {
		return nil, err
	}
	m.Unavailable = append(m.Unavailable, r.notes(m)...)
	return m, nil
}

func TestContextUnavailable(t *testing.T) {
	// An unmapped role: other rules have findings, this one only reports
	// what could not be read.
	const src = `terraform {
  cloud {
    organization = "acme"
    workspaces {
      name = "eks-prod"
    }
  }
}
provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}
resource "aws_eks_cluster" "c" {
  name = "c"
}
data "aws_eks_cluster_auth" "c" {
  name = "c"
}
provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}
`
	const workspace = "HCP Terraform workspace acme/eks-prod not checked: no API token; the other contexts were checked"
	const baseline = "baseline origin/main cannot be read (git revision \"origin/main\" does not exist here), so every role was checked, not only changed ones"
	for _, tc := range []struct {
		name  string
		notes []string
	}{
		{name: "everything read"},
		{name: "workspace", notes: []string{workspace}},
		{name: "workspace and baseline", notes: []string{workspace, baseline}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			runner := helper.TestRunner(t, map[string]string{"main.tf": src})
			anchor := rng("main.tf", 2, 3, 2, 8) // the cloud block, where the workspace is named
			r := notesRunner{Runner: runner, notes: func(m *model.Model) []model.Note {
				var out []model.Note
				for _, msg := range tc.notes {
					out = append(out, model.Note{Message: msg, Range: m.Anchor()})
				}
				return out
			}}
			if err := NewContextUnavailableRule().Check(r); err != nil {
				t.Fatal(err)
			}
			want := helper.Issues{}
			for _, msg := range tc.notes {
				want = append(want, &helper.Issue{Rule: NewContextUnavailableRule(), Message: msg, Range: anchor})
			}
			helper.AssertIssues(t, want, runner.Issues)
		})
	}
}
