package model

import (
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
)

// TestPathsPerContext checks that each provider gets one path per
// execution context, and that its cluster is found by host when its token
// names none.
func TestPathsPerContext(t *testing.T) {
	m := load(t, Options{ExecutionRoles: []arn.Principal{
		mustParse(t, "arn:aws:iam::111122223333:role/a"),
		mustParse(t, "arn:aws:iam::111122223333:role/b"),
	}}, map[string]string{"main.tf": `
resource "aws_eks_cluster" "c" { name = "c" }
variable "token" {}
provider "kubernetes" {
  host  = aws_eks_cluster.c.endpoint
  token = var.token
}
provider "helm" {
  kubernetes {
    exec {
      api_version = "client.authentication.k8s.io/v1beta1"
      command     = "aws"
      args        = ["eks", "get-token", "--cluster-name", "elsewhere"]
    }
  }
}
`})
	if len(m.Paths) != 6 {
		t.Fatalf("%d paths, want 2 providers x 3 contexts", len(m.Paths))
	}
	for _, p := range m.Paths {
		switch p.Provider.Name() {
		case "kubernetes":
			if p.Cluster == nil || p.Cluster.Addr != "aws_eks_cluster.c" {
				t.Errorf("%s in %s: cluster not found by host: %s", p.Provider.Name(), p.Context.Name, p.ClusterWhy)
			}
		case "helm":
			if p.Cluster == nil || p.Cluster.Kind != ExternalCluster || p.Cluster.Addr != `"elsewhere"` || p.ClusterWhy != "the cluster is not defined in this module" {
				t.Errorf("%s in %s: cluster %v, why %q", p.Provider.Name(), p.Context.Name, p.Cluster, p.ClusterWhy)
			}
			if p.Context.Local {
				continue
			}
			if want := p.Context.Name[len("execution role "):]; p.Identity.ARN.Display() != want || !p.Identity.Ambient {
				t.Errorf("%s in %s: identity %s, want the ambient %s", p.Provider.Name(), p.Context.Name, p.Identity.ARN.Display(), want)
			}
		}
	}
}

// TestIgnoredExec checks that a provider with both a token and an exec is
// judged by the token, and that the path still says who the exec, which
// client-go never runs, would have been.
func TestIgnoredExec(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": `
resource "aws_eks_cluster" "c" { name = "c" }
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/deployer" }
}
data "aws_eks_cluster_auth" "c" { name = aws_eks_cluster.c.name }
provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c"]
  }
}
`})
	if len(m.Paths) != 1 {
		t.Fatalf("%d paths, want 1", len(m.Paths))
	}
	p := m.Paths[0]
	if got := p.Identity.ARN.Display(); got != "arn:aws:iam::111122223333:role/deployer" || p.Identity.Ambient {
		t.Errorf("identity %s (ambient %v), want the token's assumed role", got, p.Identity.Ambient)
	}
	if p.IgnoredExec == nil || !p.IgnoredExec.Ambient || p.IgnoredExec.How != "ambient credentials of aws eks get-token" {
		t.Fatalf("IgnoredExec = %+v, want the exec's ambient credentials", p.IgnoredExec)
	}
	if p.IgnoredExec.Range.Start.Line != 9 {
		t.Errorf("IgnoredExec is at line %d, want the exec block (line 9)", p.IgnoredExec.Range.Start.Line)
	}
	if p.Exec == nil || p.Exec.Cluster.Display() != "c" {
		t.Errorf("Exec = %+v, want the exec call naming cluster c", p.Exec)
	}
}
