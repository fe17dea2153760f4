package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Generous limits for one tflint run with the plugin: far above what these
// inputs cost when bounded (well under a second and 100 MB), far below
// what they cost when not (minutes, tens of gigabytes).
const (
	boundRSS  = 1 << 30
	boundTime = 60 * time.Second
)

// unmappedModule is a v19 cluster whose aws_auth_roles maps only
// platform-admin, linted with the AWS provider assuming role; locals are
// written into the locals block.
func unmappedModule(role string, locals ...string) string {
	return `locals {
  ` + strings.Join(locals, "\n  ") + `
}

provider "aws" {
  assume_role {
    role_arn = ` + role + `
  }
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"

  cluster_name              = "platform"
  manage_aws_auth_configmap = true
  aws_auth_roles = [{
    rolearn  = "arn:aws:iam::111122223333:role/platform-admin"
    username = "platform-admin"
    groups   = ["system:masters"]
  }]
}

data "aws_eks_cluster_auth" "this" {
  name = module.eks.cluster_name
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.this.token
}
`
}

// runBounded lints one generated main.tf and checks the run stayed within
// the generous limits and did not crash.
func runBounded(t *testing.T, main string) Result {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := Run(t, dir, Options{})
	wall := time.Since(start)
	t.Logf("wall %v, cpu %v, max RSS %d MiB", wall.Round(time.Millisecond), res.CPU.Round(time.Millisecond), res.MaxRSS>>20)
	if res.MaxRSS > boundRSS {
		t.Errorf("max RSS %d MiB, want under %d MiB", res.MaxRSS>>20, boundRSS>>20)
	}
	if wall > boundTime {
		t.Errorf("took %v, want under %v", wall, boundTime)
	}
	for _, e := range res.Errors {
		t.Errorf("tflint error: %s", e)
	}
	for _, s := range []string{"panic:", "goroutine ", "Failed to check ruleset", "larger than max"} {
		if strings.Contains(res.Stdout+res.Stderr, s) {
			t.Errorf("output mentions %q:\n%s", s, res.Report())
		}
	}
	return res
}

// Values that would cost gigabytes or hours to evaluate end unknown: no
// finding comes from them, and the run stays cheap. The same module with
// a plain role is reported, so silence means the bound, not a broken
// fixture.
func TestEvaluationIsBounded(t *testing.T) {
	var doubling []string
	doubling = append(doubling, `s0 = "arn:aws:iam::111122223333:role/ci"`)
	for i := 1; i <= 30; i++ {
		doubling = append(doubling, fmt.Sprintf(`s%d = "${local.s%d}${local.s%d}"`, i, i-1, i-1))
	}
	big := []string{
		`text  = join("", [for i in range(256) : "0123456789abcdef0123456789abcdef0123456789"])`,
		`big   = join("", [for i in range(256) : local.text])`,
	}
	// 65,536 names, as a variable's default: tflint gives their value.
	var quoted []string
	for i := 0; i < 65536; i++ {
		quoted = append(quoted, fmt.Sprintf("%q", fmt.Sprintf("r%d", i)))
	}
	names := "\nvariable \"names\" {\n  default = [" + strings.Join(quoted, ", ") + "]\n}\n"
	for _, tc := range []struct {
		name   string
		role   string
		locals []string
		extra  string
	}{
		{"doubling strings, 30 levels", `local.s30`, doubling, ""},
		{"two nested fors over 65,536 names", `"arn:aws:iam::111122223333:role/${length([for a in var.names : [for b in var.names : "${a}${b}"]])}"`, big, names},
		{"regexall over a large string", `"arn:aws:iam::111122223333:role/${length(regexall("a*", local.big))}"`, big, ""},
		{"join of 256x256 copies of 10 KB", `"arn:aws:iam::111122223333:role/${length(join(",", flatten([for i in range(256) : [for j in range(256) : local.text]])))}"`, big, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runBounded(t, unmappedModule(tc.role, tc.locals...)+tc.extra)
			ExpectIssues(t, res)
		})
	}
	t.Run("control: a plain role is reported", func(t *testing.T) {
		res := runBounded(t, unmappedModule(`local.s0`, doubling...))
		ExpectIssues(t, res, "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as arn:aws:iam::111122223333:role/ci")
	})
}

// A chain of 50,000 locals is followed to its end, in linear time: the
// role it ends in is reported, naming a bounded list of origins.
func TestLocalsChainIsLinear(t *testing.T) {
	const n = 50000
	locals := []string{`l0 = "arn:aws:iam::111122223333:role/ci"`}
	for i := 1; i <= n; i++ {
		locals = append(locals, fmt.Sprintf("l%d = local.l%d", i, i-1))
	}
	res := runBounded(t, unmappedModule(fmt.Sprintf("local.l%d", n), locals...))
	ExpectIssues(t, res, "as arn:aws:iam::111122223333:role/ci (assume_role of provider aws, from local.l0, ")
	for _, i := range res.Issues {
		if len(i.Message) > 4096 {
			t.Errorf("message of %d bytes", len(i.Message))
		}
	}
}

// 5,000 access entries that all miss the role: the finding names a few
// and counts the rest, instead of printing every one.
func TestManyGrantsMessageIsShort(t *testing.T) {
	var b strings.Builder
	b.WriteString(`
resource "aws_eks_cluster" "c" {
  name = "c"
  access_config {
    authentication_mode = "API"
  }
}

data "aws_eks_cluster_auth" "c" {
  name = aws_eks_cluster.c.name
}

provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/ci"
  }
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}
`)
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "resource \"aws_eks_access_entry\" \"e%d\" {\n  cluster_name  = aws_eks_cluster.c.name\n  principal_arn = \"arn:aws:iam::111122223333:role/team-%d\"\n  kubernetes_groups = [\"view\"]\n}\n", i, i)
	}
	res := runBounded(t, b.String())
	ExpectIssues(t, res, "which none of aws_eks_access_entry.e0, aws_eks_access_entry.e1, aws_eks_access_entry.e2, aws_eks_access_entry.e3, aws_eks_access_entry.e4, aws_eks_access_entry.e5, aws_eks_access_entry.e6, aws_eks_access_entry.e7, aws_eks_access_entry.e8, aws_eks_access_entry.e9 and 4,990 more grants access to")
	for _, i := range res.Issues {
		if len(i.Message) > 4096 {
			t.Errorf("message of %d bytes", len(i.Message))
		}
	}
}
