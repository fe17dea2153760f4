package model

import (
	"strings"
	"testing"
)

// TestModuleInputGrants checks the grants read from
// terraform-aws-modules/eks inputs, and which of them a release applies.
func TestModuleInputGrants(t *testing.T) {
	const role = `"arn:aws:iam::111122223333:role/admin"`
	for _, tc := range []struct {
		name, src, want string
	}{
		{
			name: "v17 map_roles, switched off",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "17.24.0"
  cluster_name    = "c"
  manage_aws_auth = false
  map_roles = [{ rolearn = ` + role + `, username = "a", groups = ["system:masters"] }]
}`,
			want: "mapRoles arn:aws:iam::111122223333:role/admin not applied: manage_aws_auth = false\n",
		},
		{
			name: "v19 aws_auth_roles without manage or create",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"
  cluster_name   = "c"
  aws_auth_roles = [{ rolearn = ` + role + `, username = "a", groups = ["system:masters"] }]
}`,
			want: "mapRoles arn:aws:iam::111122223333:role/admin not applied: neither manage_aws_auth_configmap nor create_aws_auth_configmap is true\n",
		},
		{
			name: "v20 root has no aws-auth inputs",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name   = "c"
  aws_auth_users = [{ userarn = "arn:aws:iam::111122223333:user/u", username = "u", groups = ["system:masters"] }]
}`,
			want: "mapUsers arn:aws:iam::111122223333:user/u not applied: aws_auth_users moved to the modules/aws-auth submodule in v20; module.eks is v20 (version = \"~> 20.0\")\n",
		},
		{
			name: "v19 with a manage flag that cannot be read",
			src: `variable "manage" { type = bool }
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"
  cluster_name   = "c"
  manage_aws_auth_configmap = var.manage
  aws_auth_roles = [{ rolearn = ` + role + `, username = "a", groups = ["system:masters"] }]
}`,
			want: "mapRoles arn:aws:iam::111122223333:role/admin maybe\n",
		},
		{
			name: "v20 access_entries: policies counted, unknown, absent; keys the module drops",
			src: `variable "policies" {}
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c"
  access_entries = {
    admin = {
      principal_arn = ` + role + `
      policy_associations = {
        a = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope = { type = "cluster" } }
        b = { policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", access_scope = { type = "cluster" } }
      }
    }
    ci = {
      principal_arn       = "arn:aws:iam::111122223333:role/ci"
      policy_associations = var.policies
    }
    nodes = {
      principal_arn = "arn:aws:iam::111122223333:role/nodes"
      type          = "EC2_LINUX"
      groups        = ["x"]
    }
  }
}`,
			want: "access entry arn:aws:iam::111122223333:role/admin policies=2\n" +
				"access entry arn:aws:iam::111122223333:role/ci policies=unknown\n" +
				"access entry arn:aws:iam::111122223333:role/nodes node policies=0 [key \"groups\" is not one the module reads: it is dropped without a word]\n",
		},
		{
			name: "access_entries before v20",
			src: `module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"
  cluster_name   = "c"
  access_entries = { a = { principal_arn = ` + role + ` } }
}`,
			want: "access entry arn:aws:iam::111122223333:role/admin not applied: access_entries arrived in v20; module.eks is v19 (version = \"~> 19.0\") policies=0\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": tc.src})
			if got := grantLines(mustCluster(t, m, "module.eks")); got != tc.want {
				t.Errorf("grants:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// kubeOnCluster is a v20 cluster and the kubernetes provider that talks
// to it, which aws-auth writers are bound to the cluster through.
const kubeOnCluster = `
module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.0"
  cluster_name = "c"
}
data "aws_eks_cluster_auth" "c" { name = module.eks.cluster_name }
provider "kubernetes" {
  alias = "c"
  token = data.aws_eks_cluster_auth.c.token
}
`

func TestAWSAuthSubmoduleGrants(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": kubeOnCluster + `
module "aws_auth" {
  source    = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version   = "~> 20.0"
  providers = { kubernetes = kubernetes.c }
  manage_aws_auth_configmap = true
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/admin", username = "a", groups = ["system:masters"] }]
  aws_auth_users = [{ userarn = "arn:aws:iam::111122223333:user/u", username = "u", groups = ["system:masters"] }]
}
module "off" {
  source    = "terraform-aws-modules/eks/aws//modules/aws-auth"
  providers = { kubernetes = kubernetes.c }
  manage_aws_auth_configmap = false
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/off", username = "o", groups = ["system:masters"] }]
}
`})
	want := "mapRoles arn:aws:iam::111122223333:role/admin\n" +
		"mapUsers arn:aws:iam::111122223333:user/u\n" +
		"mapRoles arn:aws:iam::111122223333:role/off not applied: neither manage_aws_auth_configmap nor create_aws_auth_configmap is true\n"
	c := mustCluster(t, m, "module.eks")
	if got := grantLines(c); got != want {
		t.Errorf("grants:\n%s\nwant:\n%s", got, want)
	}
	if g := c.Grants[0]; g.Source != "module.aws_auth aws_auth_roles[0]" || g.PrincipalExpr == nil {
		t.Errorf("first grant: Source %q, PrincipalExpr %v; want it traced to the list item", g.Source, g.PrincipalExpr)
	}
}

// TestOtherModuleMayGrant checks that a module that is not
// terraform-aws-modules/eks but looks like an aws-auth writer leaves its
// cluster's grants open, and one that does not look like it leaves them.
func TestOtherModuleMayGrant(t *testing.T) {
	m := load(t, Options{}, map[string]string{"main.tf": kubeOnCluster + `
module "wrapper" {
  source    = "acme/eks-auth/aws"
  providers = { kubernetes = kubernetes.c }
  map_roles = []
}
module "unrelated" {
  source    = "acme/app/kubernetes"
  providers = { kubernetes = kubernetes.c }
  replicas  = 2
}
`})
	c := mustCluster(t, m, "module.eks")
	if got := strings.Join(c.Hidden, "; "); got != "module.wrapper (a module that may write aws-auth)" {
		t.Errorf("Hidden = %q, want only module.wrapper", got)
	}
}

// TestAWSAuthFlag checks when a module's model says it may write aws-auth
// its caller cannot weigh: aws-auth read and attached to a cluster this
// module knows is weighed there already, and leaves the flag down; one
// whose cluster cannot be told, or that may be aws-auth, raises it.
func TestAWSAuthFlag(t *testing.T) {
	configMap := func(provider, name, namespace string) string {
		return `
resource "kubernetes_config_map_v1_data" "a" {
  provider = ` + provider + `
  metadata {
    name      = ` + name + `
    namespace = ` + namespace + `
  }
  data = { mapRoles = yamlencode([]) }
}
`
	}
	for _, tc := range []struct {
		name, src string
		want      bool
	}{
		{"module lists attached to its cluster", kubeOnCluster + `
module "v19" {
  source  = "terraform-aws-modules/eks/aws"
  version = "19.21.0"
  cluster_name = "d"
  manage_aws_auth_configmap = true
  aws_auth_roles = []
}
`, false},
		{"submodule with the cluster's provider", kubeOnCluster + `
module "aws_auth" {
  source    = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version   = "~> 20.0"
  providers = { kubernetes = kubernetes.c }
  aws_auth_roles = []
}
`, false},
		{"submodule with a provider not configured here", kubeOnCluster + `
module "aws_auth" {
  source    = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version   = "~> 20.0"
  aws_auth_roles = []
}
`, true},
		{"ConfigMap with the cluster's provider", kubeOnCluster + configMap("kubernetes.c", `"aws-auth"`, `"kube-system"`), false},
		{"ConfigMap with a provider not configured here", kubeOnCluster + configMap("kubernetes", `"aws-auth"`, `"kube-system"`), true},
		{"ConfigMap whose name is not known", kubeOnCluster + "variable \"n\" {}\n" + configMap("kubernetes.c", "var.n", `"kube-system"`), true},
		{"ConfigMap whose namespace is not known", kubeOnCluster + "variable \"ns\" {}\n" + configMap("kubernetes.c", `"aws-auth"`, "var.ns"), true},
		{"another ConfigMap", kubeOnCluster + configMap("kubernetes.c", `"other"`, `"kube-system"`), false},
		{"third-party aws-auth module", kubeOnCluster + `
module "wrapper" {
  source    = "acme/eks-auth/aws"
  providers = { kubernetes = kubernetes.c }
  map_roles = []
}
`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": tc.src})
			if m.awsAuth != tc.want {
				t.Errorf("awsAuth = %v, want %v", m.awsAuth, tc.want)
			}
		})
	}
}
