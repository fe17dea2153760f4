package model

import (
	"strings"
	"testing"
)

// TestProviderAuth checks how each way of writing a Kubernetes-family
// provider's credentials is recognised.
func TestProviderAuth(t *testing.T) {
	const clusterAuth = `
data "aws_eks_cluster_auth" "x" { name = "c" }
ephemeral "aws_eks_cluster_auth" "e" { name = "c" }
variable "token" {}
locals { token = data.aws_eks_cluster_auth.x.token }
data "terraform_remote_state" "s" {
  backend = "s3"
  config  = { bucket = "b", key = "k" }
}
data "tfe_outputs" "w" {
  organization = "o"
  workspace    = "w"
}
locals { state_token = data.terraform_remote_state.s.outputs.token }
module "auth" { source = "./auth" }
`
	for _, tc := range []struct {
		name, src string
		method    Method
		detail    string // substring of Auth.Detail, or the token source's address
		// execIgnored: an exec block stands next to the token.
		execIgnored bool
		// state is the other root's state output a static token is read from.
		state string
	}{
		{name: "data source token", src: `provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }`, method: MethodClusterAuth, detail: "data.aws_eks_cluster_auth.x"},
		{name: "token through a local", src: `provider "kubernetes" { token = local.token }`, method: MethodClusterAuth, detail: "data.aws_eks_cluster_auth.x"},
		{name: "ephemeral token", src: `provider "kubernetes" { token = ephemeral.aws_eks_cluster_auth.e.token }`, method: MethodClusterAuth, detail: "ephemeral.aws_eks_cluster_auth.e"},
		{name: "static token", src: `provider "kubernetes" { token = var.token }`, method: MethodStaticToken},
		{name: "token from remote state", src: `provider "kubernetes" { token = data.terraform_remote_state.s.outputs.token }`, method: MethodStaticToken, state: "data.terraform_remote_state.s.outputs.token"},
		{name: "remote state through a local", src: `provider "kubernetes" { token = local.state_token }`, method: MethodStaticToken, state: "data.terraform_remote_state.s.outputs.token"},
		{name: "tfe_outputs values", src: `provider "kubernetes" { token = data.tfe_outputs.w.values.token }`, method: MethodStaticToken, state: "data.tfe_outputs.w.values.token"},
		{name: "tfe_outputs nonsensitive values and a variable", src: `provider "kubernetes" { token = coalesce(var.token, data.tfe_outputs.w.nonsensitive_values["token"]) }`, method: MethodStaticToken, state: `data.tfe_outputs.w.nonsensitive_values["token"]`},
		{name: "remote state's other attributes", src: `provider "kubernetes" { token = data.terraform_remote_state.s.backend }`, method: MethodUnknown, detail: "a token from data.terraform_remote_state.s.backend"},
		{name: "module output: made in this run", src: `provider "kubernetes" { token = module.auth.token }`, method: MethodUnknown, detail: "a token from module.auth.token"},
		{name: "module output next to state", src: `provider "kubernetes" { token = try(module.auth.token, data.terraform_remote_state.s.outputs.token) }`, method: MethodUnknown},
		{name: "token and exec: the token decides", src: `provider "kubernetes" {
  token = var.token
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
  }
}`, method: MethodStaticToken, execIgnored: true},
		{name: "helm v3 token and exec", src: `provider "helm" {
  kubernetes = {
    token = data.aws_eks_cluster_auth.x.token
    exec  = { api_version = "client.authentication.k8s.io/v1beta1", command = "aws", args = ["eks", "get-token", "--cluster-name", "c"] }
  }
}`, method: MethodClusterAuth, detail: "data.aws_eks_cluster_auth.x", execIgnored: true},
		{name: "null token next to exec", src: `provider "kubernetes" {
  token = null
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
  }
}`, method: MethodExec},
		{name: "config_path", src: `provider "kubernetes" { config_path = "~/.kube/config" }`, method: MethodKubeconfig, detail: "config_path"},
		{name: "nothing at all", src: `provider "kubernetes" {}`, method: MethodKubeconfig, detail: "no token or exec"},
		{name: "client certificate", src: `provider "kubernetes" { client_certificate = "x" }`, method: MethodUnknown, detail: "client certificate"},
		{name: "dynamic exec", src: `provider "kubernetes" {
  dynamic "exec" {
    for_each = [1]
    content {}
  }
}`, method: MethodUnknown, detail: "a dynamic exec block"},
		{name: "helm v2 block", src: `provider "helm" {
  kubernetes { token = data.aws_eks_cluster_auth.x.token }
}`, method: MethodClusterAuth, detail: "data.aws_eks_cluster_auth.x"},
		{name: "helm v3 object with exec", src: `provider "helm" {
  kubernetes = {
    exec = { api_version = "client.authentication.k8s.io/v1beta1", command = "aws", args = ["eks", "get-token", "--cluster-name", "c"] }
  }
}`, method: MethodExec},
		{name: "helm without connection", src: `provider "helm" {}`, method: MethodKubeconfig, detail: "KUBE_CONFIG_PATH"},
		{name: "renamed local name", src: `terraform {
  required_providers {
    k8s = { source = "hashicorp/kubernetes" }
  }
}
provider "k8s" { token = var.token }`, method: MethodStaticToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": clusterAuth + tc.src})
			if len(m.Providers) != 1 {
				t.Fatalf("%d providers, want 1", len(m.Providers))
			}
			a := m.Providers[0].Auth
			if a.Method != tc.method {
				t.Errorf("Method = %s (%s), want %s", a.Method, a.Detail, tc.method)
			}
			got := a.Detail
			if a.Source != nil {
				got = a.Source.Addr()
			}
			if !strings.Contains(got, tc.detail) {
				t.Errorf("detail = %q, want it to say %q", got, tc.detail)
			}
			if a.State != tc.state {
				t.Errorf("State = %q, want %q", a.State, tc.state)
			}
			if a.ExecIgnored != tc.execIgnored {
				t.Errorf("ExecIgnored = %v, want %v", a.ExecIgnored, tc.execIgnored)
			}
		})
	}
}

func TestAWSProviders(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/first" }
  assume_role { role_arn = "arn:aws:iam::111122223333:role/second" }
}
provider "aws" {
  alias = "web"
  assume_role_with_web_identity { role_arn = "arn:aws:iam::111122223333:role/web" }
}
provider "aws" {
  alias = "dyn"
  dynamic "assume_role" {
    for_each = []
    content {}
  }
}
resource "aws_eks_cluster" "c" { name = "c" }
`})
	var got []string
	for _, p := range m.AWSProviders() {
		s := p.Name + " " + p.RoleBlock
		if p.RoleArn != nil {
			s += " " + m.AWSIdentity(p, m.Contexts[0]).ARN.Display()
		}
		if p.DynamicRole {
			s += " dynamic"
		}
		got = append(got, s)
	}
	want := "aws assume_role arn:aws:iam::111122223333:role/second; " +
		"aws.web assume_role_with_web_identity arn:aws:iam::111122223333:role/web; aws.dyn  dynamic"
	if strings.Join(got, "; ") != want {
		t.Errorf("AWS providers:\n%s\nwant:\n%s", strings.Join(got, "; "), want)
	}
}
