package rules

import (
	"fmt"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/model"
)

// The rule needs several execution roles, which only the plugin config
// declares: these tests build the model with options, as a real run does.
func TestCreatorAdminOnly(t *testing.T) {
	const plan = "arn:aws:iam::111122223333:role/tfc-plan"
	const apply = "arn:aws:iam::111122223333:role/tfc-apply"
	const module = `module "eks" {
  source                                   = "terraform-aws-modules/eks/aws"
  version                                  = "~> 20.0"
  cluster_name                             = "creator"
  cluster_version                          = "1.30"
  enable_cluster_creator_admin_permissions = %t
%s
}

provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "creator"]
  }
}
`
	const entries = `  access_entries = {
    plan = {
      principal_arn     = "arn:aws:iam::111122223333:role/tfc-plan"
      kubernetes_groups = ["viewers"]
    }
    apply = {
      principal_arn     = "arn:aws:iam::111122223333:role/tfc-apply"
      kubernetes_groups = ["admins"]
    }
  }`
	msg := func(role string) string {
		return fmt.Sprintf("kubernetes provider reaches EKS cluster module.eks as %s only through enable_cluster_creator_admin_permissions, as the principal that applies it (main.tf:6), which belongs to one principal at a time, while 2 execution roles apply the cluster (%s, %s): whichever does not hold it is locked out; give each role an access entry or mapping", role, apply, plan)
	}
	for _, tc := range []struct {
		name    string
		creator bool
		entries string
		roles   []string
		want    helper.Issues
	}{
		{
			name:    "plan and apply roles, creator admin only",
			creator: true,
			roles:   []string{plan, apply},
			want: helper.Issues{
				{Rule: NewCreatorAdminOnlyRule(), Message: msg(plan), Range: rng("main.tf", 11, 3, 11, 7)},
				{Rule: NewCreatorAdminOnlyRule(), Message: msg(apply), Range: rng("main.tf", 11, 3, 11, 7)},
			},
		},
		{
			name:    "one execution role",
			creator: true,
			roles:   []string{apply},
		},
		{
			name:    "no execution role declared",
			creator: true,
		},
		{
			name:    "each role has an access entry",
			creator: true,
			entries: entries,
			roles:   []string{plan, apply},
		},
		{
			name:    "no creator admin at all",
			creator: false,
			entries: entries,
			roles:   []string{plan, apply},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := &model.Options{ExecutionRoles: principals(t, tc.roles...)}
			src := fmt.Sprintf(module, tc.creator, tc.entries)
			checkRule(t, NewCreatorAdminOnlyRule(), map[string]string{"main.tf": src}, opts, tc.want)
		})
	}
}

// A raw cluster keeps its creator's implicit binding, which only the role
// named in cluster_creator_arns holds.
func TestCreatorAdminOnlyBootstrap(t *testing.T) {
	const plan = "arn:aws:iam::111122223333:role/tfc-plan"
	const apply = "arn:aws:iam::111122223333:role/tfc-apply"
	const src = `resource "aws_eks_cluster" "legacy" {
  name = "legacy"
  access_config {
    bootstrap_cluster_creator_admin_permissions = true
  }
}

provider "kubernetes" {
  exec {
    api_version = "client.authentication.k8s.io/v1beta1"
    command     = "aws"
    args        = ["eks", "get-token", "--cluster-name", "legacy"]
  }
}
`
	opts := &model.Options{ExecutionRoles: principals(t, plan, apply), ClusterCreators: principals(t, apply)}
	checkRule(t, NewCreatorAdminOnlyRule(), map[string]string{"main.tf": src}, opts, helper.Issues{{
		Rule:    NewCreatorAdminOnlyRule(),
		Message: "kubernetes provider reaches EKS cluster aws_eks_cluster.legacy as " + apply + " only through the cluster creator's implicit access (cluster_creator_arns) (main.tf:4), which belongs to one principal at a time, while 2 execution roles apply the cluster (" + apply + ", " + plan + "): whichever does not hold it is locked out; give each role an access entry or mapping",
		Range:   rng("main.tf", 9, 3, 9, 7),
	}})
}

// The cluster is created and reached through the same assume_role: every
// execution context is that role, so the creator grant never moves.
func TestCreatorAdminOnlyOneAssumedRole(t *testing.T) {
	const src = `provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/platform"
  }
}

module "eks" {
  source                                   = "terraform-aws-modules/eks/aws"
  version                                  = "~> 20.0"
  cluster_name                             = "platform"
  cluster_version                          = "1.30"
  enable_cluster_creator_admin_permissions = true
}

data "aws_eks_cluster_auth" "this" {
  name = "platform"
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.this.token
}
`
	opts := &model.Options{ExecutionRoles: principals(t, "arn:aws:iam::111122223333:role/tfc-plan", "arn:aws:iam::111122223333:role/tfc-apply")}
	checkRule(t, NewCreatorAdminOnlyRule(), map[string]string{"main.tf": src}, opts, nil)
}

// The execution roles are whoever applies the cluster: the AWS provider it
// is created with. An alias that only signs a viewer's token is another
// identity, not another role applying the cluster, so the creator grant
// does not move between runs.
func TestCreatorAdminOnlyOneApplierAndAViewer(t *testing.T) {
	const src = `provider "aws" {
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/platform"
  }
}

provider "aws" {
  alias = "viewer"
  assume_role {
    role_arn = "arn:aws:iam::111122223333:role/viewer"
  }
}

module "eks" {
  source                                   = "terraform-aws-modules/eks/aws"
  version                                  = "~> 20.0"
  cluster_name                             = "platform"
  cluster_version                          = "1.30"
  enable_cluster_creator_admin_permissions = true
  access_entries = {
    viewer = {
      principal_arn     = "arn:aws:iam::111122223333:role/viewer"
      kubernetes_groups = ["viewers"]
    }
  }
}

data "aws_eks_cluster_auth" "admin" {
  name = "platform"
}

data "aws_eks_cluster_auth" "viewer" {
  provider = aws.viewer
  name     = "platform"
}

provider "kubernetes" {
  token = data.aws_eks_cluster_auth.admin.token
}

provider "kubernetes" {
  alias = "viewer"
  token = data.aws_eks_cluster_auth.viewer.token
}
`
	checkRule(t, NewCreatorAdminOnlyRule(), map[string]string{"main.tf": src}, nil, nil)
}
