package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Inputs too large to keep in testdata are generated here. Each must end
// in findings, no findings or a clear tflint error, within the harness's
// timeout, and never in a plugin crash.
func TestGeneratedAdversarialModules(t *testing.T) {
	// tflint itself slows down quadratically on a large heredoc (about 20 s
	// for 1 MB before any plugin runs), so the enormous mapRoles is built
	// by an expression: ~2.3 MiB of text, beyond what eksauth reads.
	hugeRoles := `join("", [for i in range(30000) : "- rolearn: arn:aws:iam::111122223333:role/x${i}\n  username: x\n  groups: [system:masters]\n"])`
	aliasBomb := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	for i, prev := 0, "a"; i < 12; i++ {
		name := string(rune('b' + i))
		aliasBomb += name + ": &" + name + " [*" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + "]\n"
		prev = name
	}
	deep := strings.Repeat("(", 400) + `"arn:aws:iam::111122223333:role/deep"` + strings.Repeat(")", 400)
	var many strings.Builder
	for i := 0; i < 3000; i++ {
		many.WriteString("provider \"aws\" {\n  alias = \"p" + itoa(i) + "\"\n  assume_role {\n    role_arn = \"arn:aws:iam::111122223333:role/r" + itoa(i) + "\"\n  }\n}\n")
	}
	cluster := `
resource "aws_eks_cluster" "c" {
  name = "c"
}
data "aws_eks_cluster_auth" "c" {
  name = aws_eks_cluster.c.name
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}
`
	configMap := func(mapRoles string) string {
		return cluster + `
resource "kubernetes_config_map" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = ` + mapRoles + `
  }
}
`
	}
	heredoc := func(text string) string { return "<<EOT\n" + text + "EOT" }
	for _, tc := range []struct {
		name  string
		files map[string]string
		// rules lists the rules whose issues are expected; any other is a failure.
		rules []string
		exit  int
	}{
		{"empty files", map[string]string{"a.tf": "", "b.tf": "\n\n# only a comment\n"}, nil, 0},
		// Over 1 MiB of mapRoles: eksauth does not read it, so it cannot
		// say the role is unmapped.
		{"enormous mapRoles", map[string]string{"main.tf": configMap(hugeRoles)}, nil, 0},
		{"alias bomb in mapRoles", map[string]string{"main.tf": configMap(heredoc(aliasBomb))}, []string{"eksauth_role_not_mapped", "eksauth_aws_auth_ignored"}, 2},
		{"deeply nested role", map[string]string{"main.tf": strings.Replace(cluster, `"arn:aws:iam::111122223333:role/ci"`, deep, 1)}, []string{"eksauth_role_not_mapped"}, 2},
		{"thousands of providers", map[string]string{"main.tf": cluster, "many.tf": many.String()}, []string{"eksauth_role_not_mapped"}, 2},
		{"binary garbage", map[string]string{"main.tf": "provider \"kubernetes\" {\x00\xff\xfe token = \"\x01\" }"}, nil, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for name, src := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			res := Run(t, dir, Options{})
			if res.ExitCode != tc.exit {
				t.Errorf("exit code %d, want %d\n%s", res.ExitCode, tc.exit, res.Report())
			}
			allowed := map[string]bool{}
			for _, r := range tc.rules {
				allowed[r] = true
			}
			for _, i := range res.Issues {
				if !allowed[i.Rule.Name] {
					t.Errorf("unexpected issue %s", i)
				}
			}
			for _, s := range []string{"panic:", "goroutine ", "internal error"} {
				if strings.Contains(res.Stdout+res.Stderr, s) {
					t.Errorf("output mentions %q:\n%s", s, res.Report())
				}
			}
		})
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
