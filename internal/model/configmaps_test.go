package model

import (
	"strings"
	"testing"
)

// TestConfigMapGrants checks aws-auth ConfigMaps written as resources,
// bound to the cluster of the kubernetes provider they are applied with.
func TestConfigMapGrants(t *testing.T) {
	const cluster = `
resource "aws_eks_cluster" "c" { name = "c" }
data "aws_eks_cluster_auth" "c" { name = aws_eks_cluster.c.name }
provider "kubernetes" { token = data.aws_eks_cluster_auth.c.token }
variable "data" {}
`
	for _, tc := range []struct {
		name, src, want, hidden string
	}{
		{
			name: "yamlencode of a list",
			src: `resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapRoles = yamlencode([{ rolearn = "arn:aws:iam::111122223333:role/admin", username = "a", groups = ["system:masters"] }])
  }
}`,
			want: "mapRoles arn:aws:iam::111122223333:role/admin\n",
		},
		{
			name: "YAML text",
			src: `resource "kubernetes_config_map" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = {
    mapUsers = <<-YAML
      - userarn: arn:aws:iam::111122223333:user/u
        username: u
        groups: [system:masters]
    YAML
  }
}`,
			want: "mapUsers arn:aws:iam::111122223333:user/u\n",
		},
		{
			name: "text aws-auth cannot parse is ignored whole",
			src: `resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = { mapRoles = "[unclosed" }
}`,
			want: "mapRoles null ignored [mapRoles is not valid YAML: ",
		},
		{
			name: "a value that is not a list is ignored whole",
			src: `resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = { mapRoles = yamlencode({ rolearn = "arn:aws:iam::111122223333:role/admin" }) }
}`,
			want: "mapRoles null ignored [mapRoles is an object, not a list: aws-auth ignores all of it]\n",
		},
		{
			name: "another namespace is not aws-auth",
			src: `resource "kubernetes_config_map_v1" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "default"
  }
  data = { mapRoles = yamlencode([{ rolearn = "arn:aws:iam::111122223333:role/admin", username = "a" }]) }
}`,
		},
		{
			name: "data that cannot be read hides grants",
			src: `resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  data = var.data
}`,
			hidden: "kubernetes_config_map_v1_data.aws_auth mapRoles; kubernetes_config_map_v1_data.aws_auth mapUsers",
		},
		{
			name: "a manifest that may be aws-auth",
			src: `resource "kubectl_manifest" "aws_auth" {
  provider  = kubernetes
  yaml_body = "kind: ConfigMap\nmetadata:\n  name: aws-auth\n"
}
resource "kubectl_manifest" "app" {
  provider  = kubernetes
  yaml_body = "kind: Deployment\n"
}`,
			hidden: "kubectl_manifest.aws_auth (a manifest that may be aws-auth)",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := load(t, Options{}, map[string]string{"main.tf": cluster + tc.src})
			c := mustCluster(t, m, "aws_eks_cluster.c")
			if got := grantLines(c); !strings.HasPrefix(got, tc.want) || tc.want == "" && got != "" {
				t.Errorf("grants:\n%s\nwant:\n%s", got, tc.want)
			}
			if got := strings.Join(c.Hidden, "; "); got != tc.hidden {
				t.Errorf("Hidden = %q, want %q", got, tc.hidden)
			}
		})
	}
}
