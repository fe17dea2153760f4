package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
)

func TestAWSAuthIgnoredModuleVersions(t *testing.T) {
	const module = `module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = %q
  cluster_name = "x"
%s
  %s = %s
}
`
	const roles = `[{ rolearn = "arn:aws:iam::111122223333:role/a", username = "a", groups = ["system:masters"] }]`
	const users = `[{ userarn = "arn:aws:iam::111122223333:user/a", username = "a", groups = ["system:masters"] }]`
	for _, tc := range []struct {
		name    string
		version string
		flags   string
		input   string
		why     string // "" when the list is applied
	}{
		{name: "v17 map_roles, managed by default", version: "17.24.0", input: "map_roles"},
		{name: "v17 manage_aws_auth = false", version: "17.24.0", flags: "  manage_aws_auth = false", input: "map_users",
			why: "manage_aws_auth = false"},
		{name: "v18 map_roles", version: "18.31.2", flags: "  manage_aws_auth_configmap = true", input: "map_roles",
			why: `map_roles was removed in v18; module.eks is v18.31 (version = "18.31.2")`},
		{name: "v18.17 aws_auth_roles", version: "18.17.0", flags: "  manage_aws_auth_configmap = true", input: "aws_auth_roles",
			why: `module.eks has no aws-auth management before v18.20; module.eks is v18.17 (version = "18.17.0")`},
		{name: "v19 flags left at their defaults", version: "19.21.0", input: "aws_auth_roles",
			why: "neither manage_aws_auth_configmap nor create_aws_auth_configmap is true"},
		{name: "v19 both flags false", version: "~> 19.0", flags: "  manage_aws_auth_configmap = false\n  create_aws_auth_configmap = false", input: "aws_auth_users",
			why: "neither manage_aws_auth_configmap nor create_aws_auth_configmap is true"},
		{name: "v19 manage_aws_auth_configmap", version: "~> 19.0", flags: "  manage_aws_auth_configmap = true", input: "aws_auth_roles"},
		{name: "v18.20 create_aws_auth_configmap", version: "18.20.0", flags: "  create_aws_auth_configmap = true", input: "aws_auth_users"},
		{name: "v20 root module", version: "~> 20.0", flags: "  manage_aws_auth_configmap = true", input: "aws_auth_roles",
			why: `aws_auth_roles moved to the modules/aws-auth submodule in v20; module.eks is v20 (version = "~> 20.0")`},
		{name: "v21 root module", version: "21.3.1", input: "aws_auth_users",
			why: `aws_auth_users moved to the modules/aws-auth submodule in v20; module.eks is v21.3 (version = "21.3.1")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list := roles
			if strings.HasSuffix(tc.input, "users") {
				list = users
			}
			src := fmt.Sprintf(module, tc.version, tc.flags, tc.input, list)
			line := 6 + strings.Count(tc.flags, "\n")
			var want helper.Issues
			if tc.why != "" {
				col := len("  "+tc.input+" = ") + 1
				want = helper.Issues{{
					Rule:    NewAWSAuthIgnoredRule(),
					Message: fmt.Sprintf("module.eks %s is never applied to EKS cluster module.eks: %s", tc.input, tc.why),
					Range:   rng("main.tf", line, col, line, col+len(list)),
				}}
			}
			checkRule(t, NewAWSAuthIgnoredRule(), map[string]string{"main.tf": src}, nil, want)
		})
	}
}

// A list is reported once, however many entries it has.
func TestAWSAuthIgnoredOncePerList(t *testing.T) {
	const src = `module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = "19.21.0"
  cluster_name = "x"
  aws_auth_roles = [
    { rolearn = "arn:aws:iam::111122223333:role/a", username = "a", groups = ["system:masters"] },
    { rolearn = "arn:aws:iam::111122223333:role/b", username = "b", groups = ["system:masters"] },
  ]
}
`
	checkRule(t, NewAWSAuthIgnoredRule(), map[string]string{"main.tf": src}, nil, helper.Issues{{
		Rule:    NewAWSAuthIgnoredRule(),
		Message: "module.eks aws_auth_roles is never applied to EKS cluster module.eks: neither manage_aws_auth_configmap nor create_aws_auth_configmap is true",
		Range:   rng("main.tf", 5, 20, 8, 4),
	}})
}

func TestAWSAuthIgnoredAuthenticationMode(t *testing.T) {
	const src = `resource "aws_eks_cluster" "c" {
  name = "c"
  access_config {
    authentication_mode = %q
  }
}

data "aws_eks_cluster_auth" "c" {
  name = "c"
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([{ rolearn = "arn:aws:iam::111122223333:role/a", username = "a", groups = ["system:masters"] }])
  }
}
`
	for _, tc := range []struct {
		mode string
		want helper.Issues
	}{
		{
			mode: "API",
			want: helper.Issues{{
				Rule:    NewAWSAuthIgnoredRule(),
				Message: "kubernetes_config_map_v1_data.aws_auth mapRoles is never applied to EKS cluster aws_eks_cluster.c: its authentication_mode = API (main.tf:4) ignores aws-auth; grant access with access entries",
				Range:   rng("main.tf", 22, 16, 22, 123),
			}},
		},
		{mode: "API_AND_CONFIG_MAP"},
		{mode: "CONFIG_MAP"},
	} {
		t.Run(tc.mode, func(t *testing.T) {
			checkRule(t, NewAWSAuthIgnoredRule(), map[string]string{"main.tf": fmt.Sprintf(src, tc.mode)}, nil, tc.want)
		})
	}
}

// The v20 aws-auth submodule belongs to the cluster of the kubernetes
// provider it runs with; it manages the ConfigMap by default.
func TestAWSAuthIgnoredSubmodule(t *testing.T) {
	const src = `module "eks" {
  source              = "terraform-aws-modules/eks/aws"
  version             = "~> 20.0"
  cluster_name        = "v20"
  authentication_mode = %q
}

data "aws_eks_cluster_auth" "this" {
  name = "v20"
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.this.token
}

module "aws_auth" {
  source         = "terraform-aws-modules/eks/aws//modules/aws-auth"
  version        = "~> 20.0"
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/a", username = "a", groups = ["system:masters"] }]
}
`
	checkRule(t, NewAWSAuthIgnoredRule(), map[string]string{"main.tf": fmt.Sprintf(src, "API_AND_CONFIG_MAP")}, nil, nil)
	checkRule(t, NewAWSAuthIgnoredRule(), map[string]string{"main.tf": fmt.Sprintf(src, "API")}, nil, helper.Issues{{
		Rule:    NewAWSAuthIgnoredRule(),
		Message: "module.aws_auth aws_auth_roles is never applied to EKS cluster module.eks: its authentication_mode = API (main.tf:5) ignores aws-auth; grant access with access entries",
		Range:   rng("main.tf", 19, 20, 19, 115),
	}})
}

// A list that cannot be read (a variable with no value) is still never
// applied when the module would not apply any list: what it holds does not
// matter. Where the list would be applied, it only hides what it grants.
func TestAWSAuthIgnoredUnreadableList(t *testing.T) {
	const src = `variable "roles" {
  type = list(any)
}

module "eks" {
  source       = "terraform-aws-modules/eks/aws"
  version      = %q
  cluster_name = "x"
%s
  aws_auth_roles = var.roles
}
`
	for _, tc := range []struct {
		name    string
		version string
		flags   string
		why     string // "" when the list is applied
	}{
		{name: "v19 flags off", version: "19.21.0",
			why: "neither manage_aws_auth_configmap nor create_aws_auth_configmap is true"},
		{name: "v20 root module", version: "~> 20.0",
			why: `aws_auth_roles moved to the modules/aws-auth submodule in v20; module.eks is v20 (version = "~> 20.0")`},
		{name: "v19 managed", version: "19.21.0", flags: "  manage_aws_auth_configmap = true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want helper.Issues
			if tc.why != "" {
				want = helper.Issues{{
					Rule:    NewAWSAuthIgnoredRule(),
					Message: "module.eks aws_auth_roles is never applied to EKS cluster module.eks: " + tc.why,
					Range:   rng("main.tf", 10, 20, 10, 29),
				}}
			}
			checkRule(t, NewAWSAuthIgnoredRule(), map[string]string{"main.tf": fmt.Sprintf(src, tc.version, tc.flags)}, nil, want)
		})
	}
}

// mapRoles text that is not valid YAML is ignored by aws-auth as a whole.
func TestAWSAuthIgnoredInvalidYAML(t *testing.T) {
	const src = `resource "aws_eks_cluster" "c" {
  name = "c"
}

data "aws_eks_cluster_auth" "c" {
  name = "c"
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.c.token
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = "- rolearn: [unclosed"
  }
}
`
	checkRule(t, NewAWSAuthIgnoredRule(), map[string]string{"main.tf": src}, nil, helper.Issues{{
		Rule:    NewAWSAuthIgnoredRule(),
		Message: "kubernetes_config_map_v1_data.aws_auth mapRoles is never applied to EKS cluster aws_eks_cluster.c: mapRoles is not valid YAML: on line 1, column 1: did not find expected ',' or ']': aws-auth ignores all of it",
		Range:   rng("main.tf", 19, 16, 19, 38),
	}})
}
