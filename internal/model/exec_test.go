package model

import (
	"strings"
	"testing"
)

// TestExecIdentity checks what an exec plugin call says about who the
// provider authenticates as, and about its cluster.
func TestExecIdentity(t *testing.T) {
	for _, tc := range []struct {
		name, exec string
		arn, how   string // a known identity and how it is set
		why        string // else, why it is not known
	}{
		{
			name: "--role-arn value",
			exec: `command = "aws"
    args = ["eks", "get-token", "--cluster-name", "c", "--role-arn", "arn:aws:iam::111122223333:role/ci"]`,
			arn: "arn:aws:iam::111122223333:role/ci", how: "--role-arn of aws eks get-token",
		},
		{
			name: "--role-arn=value, global options first, a Windows path",
			exec: `command = "C:\\aws\\aws.exe"
    args = ["--region", "eu-west-1", "eks", "get-token", "--cluster-name=c", "--role-arn=arn:aws:iam::111122223333:role/ci"]`,
			arn: "arn:aws:iam::111122223333:role/ci", how: "--role-arn of aws eks get-token",
		},
		{
			name: "AWS_ROLE_ARN in env",
			exec: `command = "aws"
    args = ["eks", "get-token", "--cluster-name", "c"]
    env = { AWS_ROLE_ARN = "arn:aws:iam::111122223333:role/web" }`,
			arn: "arn:aws:iam::111122223333:role/web", how: "env AWS_ROLE_ARN of aws eks get-token",
		},
		{
			name: "aws-iam-authenticator -r",
			exec: `command = "aws-iam-authenticator"
    args = ["token", "-i", "c", "-r", "arn:aws:iam::111122223333:role/ci"]`,
			arn: "arn:aws:iam::111122223333:role/ci", how: "-r of aws-iam-authenticator token",
		},
		{
			name: "profile",
			exec: `command = "aws"
    args = ["eks", "get-token", "--cluster-name", "c", "--profile", "prod"]`,
			why: "uses profile prod",
		},
		{
			name: "access keys in env",
			exec: `command = "aws"
    args = ["eks", "get-token", "--cluster-name", "c"]
    env = { AWS_ACCESS_KEY_ID = "x" }`,
			why: "access keys from its env",
		},
		{
			name: "an argument that cannot be read",
			exec: `command = "aws"
    args = ["eks", "get-token", "--cluster-name", "c", var.extra]`,
			why: "cannot all be read",
		},
		{
			name: "another tool",
			exec: `command = "kubelogin"
    args = ["get-token"]`,
			why: "not aws eks get-token or aws-iam-authenticator",
		},
		{
			name: "aws without get-token",
			exec: `command = "aws"
    args = ["sts", "get-caller-identity"]`,
			why: "not aws eks get-token or aws-iam-authenticator",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": `
variable "extra" {}
resource "aws_eks_cluster" "c" { name = "c" }
provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    ` + tc.exec + `
  }
}`})
			p := m.Paths[0]
			id := p.Identity
			if tc.arn != "" {
				if id.ARN.Display() != tc.arn || id.How != tc.how {
					t.Errorf("identity %s (%s), want %s (%s); why %q", id.ARN.Display(), id.How, tc.arn, tc.how, id.Why)
				}
				if p.Cluster == nil || p.Cluster.Addr != "aws_eks_cluster.c" {
					t.Errorf("cluster not found: %s", p.ClusterWhy)
				}
				return
			}
			if !strings.Contains(id.Why, tc.why) {
				t.Errorf("identity %s, why %q; want it to say %q", id.ARN.Display(), id.Why, tc.why)
			}
		})
	}
}

// TestExecIdentityRange checks that a finding about the role or profile
// an exec names points at that value alone, where the arguments or env
// are written out, and at the whole args or env where they are not.
func TestExecIdentityRange(t *testing.T) {
	for _, tc := range []struct {
		name, exec string
		at         string // the source text at the identity's range
	}{
		{
			name: "--profile value",
			exec: `args = ["eks", "get-token", "--cluster-name", var.cluster, "--profile", var.profile]`,
			at:   "var.profile",
		},
		{
			name: "--role-arn=value",
			exec: `args = ["eks", "get-token", "--cluster-name", var.cluster, "--role-arn=${var.role}"]`,
			at:   `"--role-arn=${var.role}"`,
		},
		{
			name: "env AWS_PROFILE",
			exec: `args = ["eks", "get-token", "--cluster-name", var.cluster]
    env  = { AWS_REGION = var.cluster, "AWS_PROFILE" = var.profile }`,
			at: "var.profile",
		},
		{
			name: "env AWS_ROLE_ARN",
			exec: `args = ["eks", "get-token", "--cluster-name", var.cluster]
    env  = { AWS_ROLE_ARN = var.role }`,
			at: "var.role",
		},
		{
			name: "arguments not written out",
			exec: `args = concat(["eks", "get-token", "--cluster-name", var.cluster], ["--profile", var.profile])`,
			at:   `concat(["eks", "get-token", "--cluster-name", var.cluster], ["--profile", var.profile])`,
		},
		{
			name: "env not written out",
			exec: `args = ["eks", "get-token", "--cluster-name", var.cluster]
    env  = local.env`,
			at: "local.env",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := `
variable "cluster" { default = "c" }
variable "profile" { default = "deploy" }
variable "role" { default = "arn:aws:iam::111122223333:role/ci" }
locals { env = { AWS_PROFILE = var.profile } }
resource "aws_eks_cluster" "c" { name = "c" }
provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    ` + tc.exec + `
  }
}`
			m := load(t, Options{}, map[string]string{"main.tf": src})
			rng := m.Paths[0].Identity.Range
			if got := string(rng.SliceBytes([]byte(src))); got != tc.at {
				t.Errorf("identity range holds %q, want %q", got, tc.at)
			}
		})
	}
}
