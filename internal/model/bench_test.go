package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// generated returns a module with n clusters, each with its own aliased
// AWS provider, token data source, kubernetes and helm provider, and
// grants aws-auth and access entries per cluster: hundreds of providers and
// thousands of grants for n = 100, grants = 20.
func generated(n, grants int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `
provider "aws" {
  alias = "c%[1]d"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/deploy-%[1]d"
  }
}
module "eks%[1]d" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c%[1]d"
  access_entries = {
`, i)
		for j := 0; j < grants; j++ {
			fmt.Fprintf(&b, "    e%d = { principal_arn = \"arn:aws:iam::111122223333:role/r%d-%d\", kubernetes_groups = [\"g\"] }\n", j, i, j)
		}
		fmt.Fprintf(&b, `  }
}
module "aws_auth%[1]d" {
  source    = "terraform-aws-modules/eks/aws//modules/aws-auth"
  providers = { kubernetes = kubernetes.c%[1]d }
  aws_auth_roles = [for j in range(%[2]d) : { rolearn = "arn:aws:iam::111122223333:role/m%[1]d-${j}", groups = ["system:masters"] }]
}
data "aws_eks_cluster_auth" "c%[1]d" {
  provider = aws.c%[1]d
  name     = module.eks%[1]d.cluster_name
}
provider "kubernetes" {
  alias = "c%[1]d"
  host  = module.eks%[1]d.cluster_endpoint
  token = data.aws_eks_cluster_auth.c%[1]d.token
}
provider "helm" {
  alias = "c%[1]d"
  kubernetes {
    host = module.eks%[1]d.cluster_endpoint
    exec {
      command = "aws"
      args    = ["eks", "get-token", "--cluster-name", module.eks%[1]d.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/r%[1]d-0"]
    }
  }
}
`, i, grants)
	}
	return b.String()
}

func BenchmarkBuild(b *testing.B) {
	for _, size := range []struct{ clusters, grants int }{{10, 20}, {100, 20}} {
		src := generated(size.clusters, size.grants)
		f, diags := hclsyntax.ParseConfig([]byte(src), "main.tf", hcl.InitialPos)
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		content, diags := hclext.PartialContent(f.Body, schema)
		if diags.HasErrors() {
			b.Fatal(diags)
		}
		b.Run(fmt.Sprintf("clusters=%d/grants=%d", size.clusters, size.clusters*size.grants*2), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				m := FromContent(content, staticVars{}, Options{})
				for _, p := range m.Paths {
					m.Verdict(p)
				}
			}
		})
	}
}

// BenchmarkParse is the yardstick for BenchmarkBuild: parsing the same
// module's HCL and applying the schema, which tflint does for every module
// anyway. The model should cost no more than twice that.
func BenchmarkParse(b *testing.B) {
	for _, size := range []struct{ clusters, grants int }{{10, 20}, {100, 20}} {
		src := []byte(generated(size.clusters, size.grants))
		b.Run(fmt.Sprintf("clusters=%d/grants=%d", size.clusters, size.clusters*size.grants*2), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, diags := hclsyntax.ParseConfig(src, "main.tf", hcl.InitialPos)
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				if _, diags := hclext.PartialContent(f.Body, schema); diags.HasErrors() {
					b.Fatal(diags)
				}
			}
		})
	}
}

func TestGeneratedModule(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": generated(3, 4)})
	if len(m.Providers) != 6 || len(m.Clusters) != 3 {
		t.Fatalf("%d providers, %d clusters", len(m.Providers), len(m.Clusters))
	}
	for _, p := range m.Paths {
		v := m.Verdict(p)
		want := Denied // deploy-i is granted nowhere
		if p.Provider.Type == "helm" {
			want = Granted // r-i-0 has an access entry
		}
		if v.Access != want {
			t.Errorf("%s: %v, want %v (%s)", p.Provider.Name(), v.Access, want, v.Why)
		}
	}
	if got := len(m.Cluster("module.eks1").Grants); got != 8 {
		t.Errorf("module.eks1 has %d grants, want 8", got)
	}
}

// BenchmarkSiblingRoot is what reading a sibling root adds to a run: its
// files parsed (the yardstick, which any reader pays), the model built on
// top, and every later module run of the process, which finds it cached.
func BenchmarkSiblingRoot(b *testing.B) {
	dir := b.TempDir()
	src := generated(10, 20)
	for i := 0; i < 10; i++ {
		src += fmt.Sprintf("output \"name%[1]d\" {\n  value = module.eks%[1]d.cluster_name\n}\n", i)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	vars := func(mf *modfiles.Module, _ *hclext.BodyContent) resolve.Vars { return mf.Vars(nil) }
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			mf, err := modfiles.Dir(dir, modfiles.Options{Prefix: "../cluster/"})
			if err != nil {
				b.Fatal(err)
			}
			if _, diags := ContentOf(mf.Files); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := readModule(dir, "../cluster", Options{}, vars); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := readRoot(dir, "../cluster", nil, new(int)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
