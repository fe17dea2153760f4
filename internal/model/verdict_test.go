package model

import (
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/arn"
)

const cluster19 = `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"
  cluster_name = "c"
  manage_aws_auth_configmap = true
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/admin", username = "a", groups = ["system:masters"] }]
}
`

func TestVerdicts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		opts  Options
		want  string // summary lines that must appear
		wantN int    // number of paths
	}{
		{
			name: "token through the default aws provider's assume_role",
			src: cluster19 + `
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "x" { name = module.eks.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want:  "kubernetes @local run -> module.eks as arn:aws:iam::111122223333:role/ci: denied",
			wantN: 1,
		},
		{
			name: "mapped role",
			src: cluster19 + `
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/admin" }
}
data "aws_eks_cluster_auth" "x" { name = module.eks.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "as arn:aws:iam::111122223333:role/admin: granted",
		},
		{
			name: "ambient identity without execution roles",
			src: cluster19 + `
data "aws_eks_cluster_auth" "x" { name = module.eks.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "as (unknown value): cannot tell (the local run uses ambient credentials, and execution_roles does not name them)",
		},
		{
			name: "one context per execution role",
			src: cluster19 + `
data "aws_eks_cluster_auth" "x" { name = module.eks.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			opts:  Options{ExecutionRoles: []arn.Principal{mustParse(t, "arn:aws:iam::111122223333:role/runner"), mustParse(t, "arn:aws:iam::111122223333:role/admin")}},
			want:  "as arn:aws:iam::111122223333:role/runner: denied\n",
			wantN: 3,
		},
		{
			name: "cluster by literal name through a data source",
			src: cluster19 + `
data "aws_eks_cluster" "c" { name = "c" }
data "aws_eks_cluster_auth" "x" { name = data.aws_eks_cluster.c.name }
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "-> module.eks as arn:aws:iam::111122223333:role/ci: denied",
		},
		{
			name: "cluster outside the module",
			src: `
data "aws_eks_cluster_auth" "x" { name = data.terraform_remote_state.eks.outputs.cluster_name }
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "-> data.terraform_remote_state.eks.outputs.cluster_name as arn:aws:iam::111122223333:role/ci: cannot tell (the cluster comes from data.terraform_remote_state.eks.outputs.cluster_name, outside this module)",
		},
		{
			name: "unknown for_each on the grant list makes it uncertain",
			src: `
resource "aws_eks_cluster" "c" {
  name = "c"
  access_config { authentication_mode = "API" }
}
resource "aws_eks_access_entry" "e" {
  for_each      = module.iam.roles
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = each.value
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "x" { name = aws_eks_cluster.c.name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "as arn:aws:iam::111122223333:role/ci: cannot tell",
		},
		{
			name: "authentication_mode API ignores aws-auth",
			src: `
resource "aws_eks_cluster" "c" {
  name = "c"
  access_config { authentication_mode = "API" }
}
resource "kubernetes_config_map_v1_data" "a" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = { mapRoles = yamlencode([{ rolearn = "arn:aws:iam::111122223333:role/ci", groups = ["system:masters"] }]) }
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "x" { name = aws_eks_cluster.c.name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "as arn:aws:iam::111122223333:role/ci: denied",
		},
		{
			name: "v20 creator admin grants the applier, the same ambient run",
			src: `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c"
  enable_cluster_creator_admin_permissions = true
}
provider "kubernetes" {
  exec {
    command = "aws"
    args    = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
}
`,
			opts: Options{ExecutionRoles: []arn.Principal{mustParse(t, "arn:aws:iam::111122223333:role/runner")}},
			want: "as arn:aws:iam::111122223333:role/runner: granted",
		},
		{
			name: "v20 creator admin and an assumed deploy role: not the applier",
			src: `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c"
  enable_cluster_creator_admin_permissions = true
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/deploy" }
}
provider "kubernetes" {
  exec {
    command = "aws"
    args    = ["eks", "get-token", "--cluster-name", module.eks.cluster_name, "--role-arn", "arn:aws:iam::111122223333:role/ci"]
  }
}
`,
			want: "as arn:aws:iam::111122223333:role/ci: denied",
		},
		{
			// client-go sends the token and never runs the exec.
			name: "both token and exec: judged by the token",
			src: cluster19 + `
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "x" { name = module.eks.cluster_name }
provider "kubernetes" {
  host  = module.eks.cluster_endpoint
  token = data.aws_eks_cluster_auth.x.token
  exec {
    command = "aws"
    args    = ["eks", "get-token", "--cluster-name", module.eks.cluster_name]
  }
}
`,
			want: "kubernetes @local run -> module.eks as arn:aws:iam::111122223333:role/ci: denied",
		},
		{
			name: "exec argument list with an unknown element could hide --role-arn",
			src: cluster19 + `
provider "kubernetes" {
  exec {
    command = "aws"
    args    = concat(["eks", "get-token", "--cluster-name", module.eks.cluster_name], module.x.extra)
  }
}
`,
			opts: Options{ExecutionRoles: []arn.Principal{mustParse(t, "arn:aws:iam::111122223333:role/runner")}},
			want: "@execution role arn:aws:iam::111122223333:role/runner -> - as (unknown value): cannot tell",
		},
		{
			name: "a module that pins no version says so",
			src: `
module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  cluster_name = "c"
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "x" { name = module.eks.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "cannot tell (module.eks pins no version, so its defaults are unknown; pin a version)",
		},
		{
			name: "an open version constraint says so",
			src: `
module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = ">= 18.0"
  cluster_name = "c"
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "x" { name = module.eks.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "cannot tell (module.eks has a version constraint that allows releases with different defaults, so its defaults are unknown; pin a version)",
		},
		{
			name: "a git source without a tag says so",
			src: `
module "eks" {
  source       = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git"
  cluster_name = "c"
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/ci" }
}
data "aws_eks_cluster_auth" "x" { name = module.eks.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`,
			want: "cannot tell (module.eks is read from git without a release tag, so its defaults are unknown; pin one with ?ref=vX.Y.Z)",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, tc.opts, map[string]string{"main.tf": tc.src})
			got := summary(m)
			if !strings.Contains(got, tc.want) {
				t.Errorf("summary:\n%s\nwant a line containing:\n%s", got, tc.want)
			}
			if tc.wantN > 0 && len(m.Paths) != tc.wantN {
				t.Errorf("%d paths, want %d", len(m.Paths), tc.wantN)
			}
		})
	}
}

func mustParse(t *testing.T, s string) arn.Principal {
	t.Helper()
	p, err := arn.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOnlyRole checks when the run's own credentials are certainly locked
// out: the cluster lets in nobody but node roles and the role its AWS
// provider assumes, and aws eks get-token runs as what that role is
// assumed from.
func TestOnlyRole(t *testing.T) {
	const deployer = `
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/deployer" }
}
provider "aws" {
  alias = "deployer"
  assume_role { role_arn = "arn:aws:iam::111122223333:role/deployer" }
}
`
	v20 := func(extra string) string {
		return `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c"
  enable_cluster_creator_admin_permissions = true
` + extra + `
}
`
	}
	exec := func(extra string) string {
		return `
provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "c"` + extra + `]
  }
}
`
	}
	const nodeEntry = `access_entries = {
    nodes = { principal_arn = "arn:aws:iam::111122223333:role/nodes", type = "EC2_LINUX" }
  }`
	const deployerEntry = `access_entries = {
    deployer = {
      principal_arn = "arn:aws:iam::111122223333:role/deployer"
      policy_associations = { a = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope = { type = "cluster" } } }
    }
  }`
	const opsEntry = `access_entries = {
    ops = {
      principal_arn = "arn:aws:iam::111122223333:role/ops"
      policy_associations = { a = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope = { type = "cluster" } } }
    }
  }`
	for _, tc := range []struct {
		name string
		src  string
		opts Options
		want string // "denied" or the reason it cannot tell
	}{
		{name: "v20 creator admin only", src: deployer + v20("") + exec(""), want: "denied"},
		{name: "v20 creator admin and node entries", src: deployer + v20(nodeEntry) + exec(""), want: "denied"},
		{name: "v20 with another role granted", src: deployer + v20(opsEntry) + exec(""), want: "execution_roles does not name them"},
		{name: "v20 with an entry for the deployer itself", src: deployer + v20(deployerEntry) + exec(""), want: "denied"},
		{
			name: "v20 without creator access, the deployer's entry only",
			src: deployer + exec("") + `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c"
  ` + deployerEntry + `
}
`,
			want: "denied",
		},
		{name: "v20 in CONFIG_MAP mode: not even the deployer", src: deployer + v20(`authentication_mode = "CONFIG_MAP"`) + exec(""), want: "denied"},
		{name: "no assume_role", src: v20("") + exec(""), want: "execution_roles does not name them"},
		{name: "exec with a profile", src: deployer + v20("") + exec(`, "--profile", "ops"`), want: "uses profile ops"},
		{
			name: "role from a variable without a value",
			src: v20("") + exec("") + `
variable "role_arn" { type = string }
provider "aws" {
  assume_role { role_arn = var.role_arn }
}
`,
			want: "execution_roles does not name them",
		},
		{
			name: "raw cluster whose creator is not declared: maybe the run's own credentials made it",
			src: deployer + exec("") + `
resource "aws_eks_cluster" "c" {
  provider = aws.deployer
  name     = "c"
}
`,
			want: "execution_roles does not name them",
		},
		{
			name: "raw cluster created by the deployer per cluster_creator_arns",
			opts: Options{ClusterCreators: []arn.Principal{mustParse(t, "arn:aws:iam::111122223333:role/deployer")}},
			src: deployer + exec("") + `
resource "aws_eks_cluster" "c" {
  provider = aws.deployer
  name     = "c"
}
`,
			want: "denied",
		},
		{
			name: "raw cluster created by someone else per cluster_creator_arns",
			opts: Options{ClusterCreators: []arn.Principal{mustParse(t, "arn:aws:iam::111122223333:role/admin")}},
			src: deployer + exec("") + `
resource "aws_eks_cluster" "c" {
  provider = aws.deployer
  name     = "c"
}
`,
			want: "execution_roles does not name them",
		},
		{
			name: "raw cluster with a for_each",
			src: deployer + exec("") + `
variable "names" { type = set(string) }
resource "aws_eks_cluster" "c" {
  for_each = var.names
  name     = "c"
}
`,
			want: "execution_roles does not name them",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, tc.opts, map[string]string{"main.tf": tc.src})
			p := m.Paths[0]
			v := m.Verdict(p)
			if tc.want == "denied" {
				if v.Access != Denied || v.OnlyRole == nil {
					t.Fatalf("verdict %+v, want denied with only the deployer let in\n%s", v, summary(m))
				}
				if got := v.OnlyRole.ARN.Display(); got != "arn:aws:iam::111122223333:role/deployer" {
					t.Errorf("OnlyRole = %s, want the deployer role", got)
				}
				return
			}
			if v.Access != CannotTell || v.OnlyRole != nil || !strings.Contains(v.Why, tc.want) {
				t.Errorf("verdict %+v, want cannot tell because %q\n%s", v, tc.want, summary(m))
			}
		})
	}
}

// A grant of aws_iam_role.X.arn, for a role this module names literally,
// can never cover a role of another name, whatever account it is created
// in; a role of the same name, a name_prefix or a role from elsewhere may.
func TestVerdictRoleShapes(t *testing.T) {
	const caller = `
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/jenkins" }
}
resource "aws_eks_cluster" "c" {
  name = "c"
  access_config { authentication_mode = "API_AND_CONFIG_MAP" }
}
data "aws_eks_cluster_auth" "c" { name = aws_eks_cluster.c.name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.c.token }
`
	const entry = `
resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.c.name
  principal_arn = %s
}
`
	for _, tc := range []struct {
		name, role, principal, want string
	}{
		{"another name", `resource "aws_iam_role" "ci" { name = "jenkins-ec2-role" }`, "aws_iam_role.ci.arn", "denied"},
		{"another name, from a data source", `data "aws_iam_role" "ci" { name = "jenkins-ec2-role" }`, "data.aws_iam_role.ci.arn", "denied"},
		{"another name in a template", `resource "aws_iam_role" "ci" { name = "jenkins-ec2-role" }`, `"${aws_iam_role.ci.arn}"`, "denied"},
		{"the same name", `resource "aws_iam_role" "ci" { name = "jenkins" }`, "aws_iam_role.ci.arn", "cannot tell"},
		{"the same name under a path", `resource "aws_iam_role" "ci" {
  name = "jenkins"
  path = "/ci/"
}`, "aws_iam_role.ci.arn", "cannot tell"},
		{"a name prefix", `resource "aws_iam_role" "ci" { name_prefix = "jenkins-ec2-" }`, "aws_iam_role.ci.arn", "cannot tell"},
		{"a computed name", `resource "aws_iam_role" "ci" { name = var.role_name }`, "aws_iam_role.ci.arn", "cannot tell"},
		{"count", `resource "aws_iam_role" "ci" {
  count = 1
  name  = "jenkins-ec2-role"
}`, "aws_iam_role.ci[0].arn", "cannot tell"},
		{"a role of another module", ``, "module.iam.role_arn", "cannot tell"},
		{"another attribute", `resource "aws_iam_role" "ci" { name = "jenkins-ec2-role" }`, "aws_iam_role.ci.id", "cannot tell"},
		{"a user", `resource "aws_iam_user" "ci" { name = var.user_name }`, "aws_iam_user.ci.arn", "denied"},
		{"a user from a data source", `data "aws_iam_user" "ci" { user_name = "jenkins" }`, "data.aws_iam_user.ci.arn", "denied"},
		{"a user of a for_each", `data "aws_iam_user" "ci" {
  for_each  = toset(var.users)
  user_name = each.key
}`, `data.aws_iam_user.ci["jenkins"].arn`, "denied"},
		{"a user's name", `resource "aws_iam_user" "ci" { name = "jenkins" }`, "aws_iam_user.ci.unique_id", "cannot tell"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := caller + tc.role + "\n" + strings.Replace(entry, "%s", tc.principal, 1)
			m := load(t, Options{}, map[string]string{"main.tf": src})
			if got := summary(m); !strings.Contains(got, "as arn:aws:iam::111122223333:role/jenkins: "+tc.want) {
				t.Errorf("summary:\n%s\nwant %s", got, tc.want)
			}
		})
	}
	// aws-auth compares role names the same way.
	src := caller + `
resource "aws_iam_role" "ci" { name = "jenkins-ec2-role" }
resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([{ rolearn = aws_iam_role.ci.arn, username = "ci", groups = ["deployers"] }])
  }
}
`
	m := load(t, Options{}, map[string]string{"main.tf": src})
	if got := summary(m); !strings.Contains(got, "as arn:aws:iam::111122223333:role/jenkins: denied") {
		t.Errorf("aws-auth summary:\n%s\nwant denied", got)
	}
}

// TestVerdictUserEntries checks that grants to IAM users written as
// aws_iam_user arns, even in a for expression that leaves their values
// unknown, never let a role in: through the module's access_entries and
// through aws-auth's mapUsers alike.
func TestVerdictUserEntries(t *testing.T) {
	const head = `
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/jenkins" }
}
variable "users" { default = ["ana", "raj"] }
data "aws_iam_user" "u" {
  for_each  = toset(var.users)
  user_name = each.key
}
data "aws_eks_cluster_auth" "c" { name = module.eks.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.c.token }
`
	for _, tc := range []struct{ name, module, want string }{
		{"access entries from a for expression", `
module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "c"
  access_entries = { for u in var.users : u => { principal_arn = data.aws_iam_user.u[u].arn } }
}`, "denied"},
		{"mapUsers", `
module "eks" {
  source                    = "terraform-aws-modules/eks/aws"
  version                   = "~> 19.0"
  cluster_name              = "c"
  manage_aws_auth_configmap = true
  aws_auth_users            = [for u in var.users : { userarn = data.aws_iam_user.u[u].arn, username = u, groups = ["system:masters"] }]
}`, "denied"},
		{"a for expression of something else", `
module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "~> 20.0"
  cluster_name = "c"
  access_entries = { for u in var.users : u => { principal_arn = local.arns[u] } }
}`, "cannot tell"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": head + tc.module})
			if got := summary(m); !strings.Contains(got, "as arn:aws:iam::111122223333:role/jenkins: "+tc.want) {
				t.Errorf("summary:\n%s\nwant %s", got, tc.want)
			}
		})
	}
}
