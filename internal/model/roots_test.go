package model

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree writes files (path -> source) under a new directory and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadRoot builds the model of the root module in dir/app as a tflint
// root module run would, with the given cluster roots.
func loadRoot(t *testing.T, dir string, roots ...string) *Model {
	t.Helper()
	opts := Options{ClusterRoots: roots, Getenv: func(string) string { return "" }}
	app := filepath.Join(dir, "app")
	opts.locate = func() (place, bool) { return place{dir: app, shown: ".", root: true}, true }
	src, err := os.ReadFile(filepath.Join(app, "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	m := load(t, opts, map[string]string{"main.tf": string(src)})
	return m
}

const clusterRoot = `
module "eks" {
  source          = "terraform-aws-modules/eks/aws"
  version         = "20.8.0"
  cluster_name    = "prod"
  cluster_version = "1.30"
  access_entries = {
    deployer = {
      principal_arn       = "arn:aws:iam::111122223333:role/deployer"
      policy_associations = { a = { policy_arn = "x", access_scope = { type = "cluster" } } }
    }
  }
}
output "cluster_name" { value = module.eks.cluster_name }
output "label"        { value = "prod-${var.suffix}" }
variable "suffix" {}
`

const appRoot = `
data "terraform_remote_state" "c" {
  backend = "local"
  config  = { path = "../cluster/terraform.tfstate" }
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/%s" }
}
data "aws_eks_cluster_auth" "this" { name = %s }
provider "kubernetes" { token = data.aws_eks_cluster_auth.this.token }
`

func app(role, name string) string {
	return strings.Replace(strings.Replace(appRoot, "%s", role, 1), "%s", name, 1)
}

func onlyVerdict(t *testing.T, m *Model) (Verdict, *Path) {
	t.Helper()
	if len(m.Paths) != 1 {
		t.Fatalf("%d paths, want 1", len(m.Paths))
	}
	return m.Verdict(m.Paths[0]), m.Paths[0]
}

func TestRemoteStateJoinsTheRootThatWritesIt(t *testing.T) {
	for _, tt := range []struct {
		name, role, ref string
		want            Access
		why             string
	}{
		{"denied", "ci", "data.terraform_remote_state.c.outputs.cluster_name", Denied, ""},
		{"granted", "deployer", "data.terraform_remote_state.c.outputs.cluster_name", Granted, ""},
		{"output that names no cluster", "ci", "data.terraform_remote_state.c.outputs.label", CannotTell, "output label of ../cluster leads to a cluster that module does not define"},
		{"missing output", "ci", "data.terraform_remote_state.c.outputs.nope", CannotTell, `../cluster has no output "nope"`},
		{"output traversed further", "ci", "data.terraform_remote_state.c.outputs.cluster.name", CannotTell, "follows only as"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := tree(t, map[string]string{"cluster/main.tf": clusterRoot, "app/main.tf": app(tt.role, tt.ref)})
			m := loadRoot(t, dir)
			v, p := onlyVerdict(t, m)
			if v.Access != tt.want || !strings.Contains(v.Why, tt.why) {
				t.Fatalf("verdict = %v (%s), want %v (%s)", v.Access, v.Why, tt.want, tt.why)
			}
			if tt.want != CannotTell {
				if got := p.Cluster.Label(); got != "EKS cluster module.eks of ../cluster (via "+tt.ref+")" {
					t.Errorf("Label() = %q", got)
				}
				for _, c := range m.Clusters {
					for _, g := range c.Grants {
						if c.Own(g) {
							// The cluster root's grants are its own to report.
							t.Errorf("the sibling's grant %s counts as this module's own", g.Source)
						}
					}
				}
			}
		})
	}
}

func TestRemoteStateOfARootThatWritesElsewhere(t *testing.T) {
	// The directory of the state file holds a root whose state is in s3:
	// the local file is not its state, so nothing is joined.
	dir := tree(t, map[string]string{
		"cluster/main.tf":    clusterRoot,
		"cluster/backend.tf": "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n    key = \"k\"\n  }\n}\n",
		"app/main.tf":        app("ci", "data.terraform_remote_state.c.outputs.cluster_name"),
	})
	v, _ := onlyVerdict(t, loadRoot(t, dir))
	if v.Access != CannotTell || !strings.Contains(v.Why, "does not write the state") {
		t.Fatalf("verdict = %v (%s), want CannotTell", v.Access, v.Why)
	}
	// Named in cluster_roots, it is found by its backend, wherever the
	// remote state says the state is.
	app := strings.Replace(app("ci", "data.terraform_remote_state.c.outputs.cluster_name"),
		`backend = "local"
  config  = { path = "../cluster/terraform.tfstate" }`, `backend = "s3"
  config  = { bucket = "b", key = "k", region = "eu-west-1" }`, 1)
	dir = tree(t, map[string]string{
		"cluster/main.tf":    clusterRoot,
		"cluster/backend.tf": "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n    key = \"k\"\n  }\n}\n",
		"app/main.tf":        app,
	})
	if v, _ := onlyVerdict(t, loadRoot(t, dir)); v.Access != CannotTell {
		t.Errorf("without cluster_roots: %v, want CannotTell", v.Access)
	}
	if v, _ := onlyVerdict(t, loadRoot(t, dir, "../cluster")); v.Access != Denied {
		t.Errorf("with cluster_roots: %v (%s), want Denied", v.Access, v.Why)
	}
}

func TestClusterRootsMatchByName(t *testing.T) {
	other := strings.Replace(clusterRoot, "role/deployer", "role/ci", 1)
	files := map[string]string{
		"cluster/main.tf": clusterRoot,
		"copy/main.tf":    other,
		"app/main.tf":     app("ci", `"prod"`),
	}
	dir := tree(t, files)
	v, p := onlyVerdict(t, loadRoot(t, dir, "../cluster"))
	if v.Access != Denied || p.Cluster.Label() != `EKS cluster module.eks of ../cluster (by its name "prod")` {
		t.Fatalf("verdict = %v (%s), cluster %v", v.Access, v.Why, p.Cluster)
	}
	// Two roots with a cluster of that name: which one is meant cannot be told.
	v, _ = onlyVerdict(t, loadRoot(t, dir, "../cluster", "../copy"))
	if v.Access != CannotTell || !strings.Contains(v.Why, "several clusters") {
		t.Fatalf("verdict = %v (%s), want CannotTell", v.Access, v.Why)
	}
	// A name no root has stays unjudged.
	dir = tree(t, map[string]string{"cluster/main.tf": clusterRoot, "app/main.tf": app("ci", `"dev"`)})
	if v, _ := onlyVerdict(t, loadRoot(t, dir, "../cluster")); v.Access != CannotTell {
		t.Fatalf("verdict = %v, want CannotTell", v.Access)
	}
}

func TestUnreadableRootsAreSaidOnce(t *testing.T) {
	dir := tree(t, map[string]string{
		"broken/main.tf": "resource \"x\" \"y\" {\n  a = \n}\n",
		"app/main.tf":    app("ci", "data.terraform_remote_state.c.outputs.cluster_name"),
	})
	// The remote state's ../cluster does not exist; two configured roots
	// cannot be read; one is named twice.
	m := loadRoot(t, dir, "../broken", "../nowhere", "../broken/")
	var got []string
	for _, n := range m.Unavailable {
		got = append(got, n.Message)
	}
	want := []string{
		"../broken named in cluster_roots cannot be read: ../broken does not parse",
		"../nowhere named in cluster_roots cannot be read: ../nowhere does not exist",
		"../cluster that data.terraform_remote_state.c reads cannot be read: ../cluster does not exist",
	}
	if len(got) != len(want) {
		t.Fatalf("notes = %q, want %d", got, len(want))
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("note %d = %q, want %q in it", i, got[i], want[i])
		}
	}
	if v, _ := onlyVerdict(t, m); v.Access != CannotTell {
		t.Errorf("verdict = %v, want CannotTell", v.Access)
	}
}

func TestRootsAreReadOncePerProcess(t *testing.T) {
	dir := tree(t, map[string]string{"cluster/main.tf": clusterRoot})
	a, err := readRoot(filepath.Join(dir, "cluster"), "../cluster", nil, new(int))
	if err != nil {
		t.Fatal(err)
	}
	b, err := readRoot(filepath.Join(dir, "app", "..", "cluster"), "../cluster", nil, new(int))
	if err != nil || a != b {
		t.Fatalf("second read = %p, %v; want the first, %p", b, err, a)
	}
}

func TestChildArgumentsThatReferToTheCallerAreMarked(t *testing.T) {
	// The child names its cluster after its argument; the caller passes a
	// reference to its own module.other, which would mean something else
	// in the child, so the child's cluster name is marked as the caller's.
	dir := tree(t, map[string]string{
		"app/modules/c/main.tf": `
variable "name" {}
resource "aws_eks_cluster" "this" { name = var.name }
output "name" { value = aws_eks_cluster.this.name }
`,
		"app/main.tf": `
module "eks" {
  source = "./modules/c"
  name   = module.other.name
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "this" { name = module.eks.name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.this.token }
`,
	})
	m := loadRoot(t, dir)
	v, p := onlyVerdict(t, m)
	if p.Cluster == nil || p.Cluster.Addr != "module.eks.aws_eks_cluster.this" {
		t.Fatalf("cluster = %v (%s)", p.Cluster, p.ClusterWhy)
	}
	if p.Cluster.Name.Text != "\ue000caller.module.other.name\ue001" {
		t.Errorf("child cluster name = %q, want the caller's module.other.name, marked", p.Cluster.Name.Text)
	}
	if v.Access == Granted {
		t.Errorf("verdict = %v (%s)", v.Access, v.Why)
	}
}

// A root module run reads at most maxCalls local modules, however many
// calls the configuration writes: each is a read of files and a model.
func TestLocalCallsAreBounded(t *testing.T) {
	var app strings.Builder
	for i := 0; i < maxCalls+20; i++ {
		fmt.Fprintf(&app, "module \"c%d\" {\n  source = \"../child\"\n  name   = \"n%d\"\n}\n", i, i)
	}
	dir := tree(t, map[string]string{
		"app/main.tf": app.String(),
		"child/main.tf": `
variable "name" {}
resource "aws_eks_access_entry" "e" {
  cluster_name  = var.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
}
`,
	})
	m := loadRoot(t, dir)
	if *m.calls != maxCalls {
		t.Errorf("read %d local modules, want the bound, %d", *m.calls, maxCalls)
	}
	if len(m.children) != maxCalls {
		t.Errorf("%d child models, want %d", len(m.children), maxCalls)
	}
}
