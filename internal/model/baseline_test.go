package model

import "testing"

// Two clusters, each granting the admin role; the provider authenticates
// as admin to the cluster named by its token's data source.
func twoClusters(target string) map[string]string {
	return map[string]string{"main.tf": `
module "blue" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"
  cluster_name = "blue"
  manage_aws_auth_configmap = true
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/admin", username = "a", groups = ["system:masters"] }]
}
module "green" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.0"
  cluster_name = "green"
  manage_aws_auth_configmap = true
  aws_auth_roles = [{ rolearn = "arn:aws:iam::111122223333:role/admin", username = "a", groups = ["system:masters"] }]
}
provider "aws" {
  assume_role { role_arn = "arn:aws:iam::111122223333:role/admin" }
}
data "aws_eks_cluster_auth" "x" { name = module.` + target + `.cluster_name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.x.token }
`}
}

func TestChangeOf(t *testing.T) {
	for _, tc := range []struct {
		name       string
		base, head string
		want       Change
	}{
		{"same provider, same cluster", "blue", "blue", Unchanged},
		// The role did not change, but green never had to let it in.
		{"provider moved to another cluster", "blue", "green", New},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := load(t, Options{}, twoClusters(tc.base))
			head := load(t, Options{}, twoClusters(tc.head))
			head.SetBaseline(&Baseline{Ref: "main", Model: base})
			if len(head.Paths) != 1 {
				t.Fatalf("paths:\n%s", summary(head))
			}
			p := head.Paths[0]
			if p.Cluster == nil || p.Cluster.Addr != "module."+tc.head {
				t.Fatalf("path goes to %v, want module.%s:\n%s", p.Cluster, tc.head, summary(head))
			}
			if got, _ := head.ChangeOf(p); got != tc.want {
				t.Errorf("change = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestChangeOfWithoutBaselineModel(t *testing.T) {
	head := load(t, Options{}, twoClusters("blue"))
	head.SetBaseline(&Baseline{Ref: "main"}) // the module did not exist at main
	if got, bp := head.ChangeOf(head.Paths[0]); got != New || bp != nil {
		t.Errorf("change = %v, %v; want New", got, bp)
	}
}
