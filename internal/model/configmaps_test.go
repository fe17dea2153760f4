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
		{
			name: "a template whose written kind is not ConfigMap",
			src: `resource "kubectl_manifest" "node_class" {
  provider  = kubernetes
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      role: ${module.karpenter.role_name}
      tags:
        owner: ${upper(module.karpenter.role_name)}
  YAML
}`,
		},
		{
			name: "a template whose written name is not aws-auth",
			src: `resource "kubectl_manifest" "cm" {
  provider  = kubernetes
  yaml_body = <<-YAML
    kind: ConfigMap
    metadata:
      name: settings
      namespace: ${var.ns}
    data:
      role: ${module.karpenter.role_arn}
  YAML
}`,
		},
		{
			name: "a template whose written namespace is not kube-system",
			src: `resource "kubectl_manifest" "cm" {
  provider  = kubernetes
  yaml_body = "kind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: apps\n"
}`,
		},
		{
			name: "a template whose kind and name are unknown",
			src: `resource "kubectl_manifest" "cm" {
  provider  = kubernetes
  yaml_body = <<-YAML
    kind: ${var.kind}
    metadata:
      name: ${module.x.name}
  YAML
}`,
			hidden: "kubectl_manifest.cm (a manifest that may be aws-auth)",
		},
		{
			name: "a template that is aws-auth with an unknown role",
			src: `resource "kubectl_manifest" "cm" {
  provider  = kubernetes
  yaml_body = <<-YAML
    kind: ConfigMap
    metadata:
      name: aws-auth
      namespace: kube-system
    data:
      mapRoles: |
        - rolearn: ${module.iam.role_arn}
  YAML
}`,
			hidden: "kubectl_manifest.cm (a manifest that may be aws-auth)",
		},
		{
			name: "a placeholder as a key could be the name",
			src: `resource "kubectl_manifest" "cm" {
  provider  = kubernetes
  yaml_body = <<-YAML
    kind: ConfigMap
    metadata:
      ${var.key}: aws-auth
      name: default
  YAML
}`,
			hidden: "kubectl_manifest.cm (a manifest that may be aws-auth)",
		},
		{
			name: "a placeholder that is a whole line leaves the text unreadable",
			src: `resource "kubectl_manifest" "cm" {
  provider  = kubernetes
  yaml_body = <<-YAML
    kind: Deployment
    ${var.more}
  YAML
}`,
			hidden: "kubectl_manifest.cm (a manifest that may be aws-auth)",
		},
		{
			name: "templatefile cannot be read",
			src: `resource "kubectl_manifest" "cm" {
  provider  = kubernetes
  yaml_body = templatefile("${path.module}/cm.yaml", { role = var.kind })
}`,
			hidden: "kubectl_manifest.cm (a manifest that may be aws-auth)",
		},
		{
			name: "yamlencode of an object of another kind",
			src: `resource "kubectl_manifest" "pool" {
  provider  = kubernetes
  yaml_body = yamlencode({
    apiVersion = "karpenter.sh/v1"
    kind       = "NodePool"
    metadata   = { name = "default" }
    spec       = { role = module.karpenter.role_name }
  })
}`,
		},
		{
			name: "a kubernetes_manifest object of another kind",
			src: `resource "kubernetes_manifest" "tmpl" {
  manifest = {
    apiVersion = "karpenter.k8s.aws/v1alpha1"
    kind       = "AWSNodeTemplate"
    metadata   = { name = "default" }
    spec       = { instanceProfile = module.karpenter.instance_profile_name }
  }
}`,
		},
		{
			name: "a kubernetes_manifest object that may be aws-auth",
			src: `resource "kubernetes_manifest" "cm" {
  manifest = {
    kind     = "ConfigMap"
    metadata = { name = "aws-auth", namespace = "kube-system" }
    data     = { mapRoles = module.x.yaml }
  }
}`,
			hidden: "kubernetes_manifest.cm (a manifest that may be aws-auth)",
		},
		{
			name: "a manifest switched off by count",
			src: `variable "enable" { default = false }
resource "kubectl_manifest" "cm" {
  count     = var.enable ? 1 : 0
  provider  = kubernetes
  yaml_body = "kind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: ${module.x.yaml}\n"
}`,
		},
		{
			name: "a manifest whose count is unknown may be aws-auth",
			src: `resource "kubectl_manifest" "cm" {
  count     = module.x.enabled ? 1 : 0
  provider  = kubernetes
  yaml_body = "kind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: ${module.x.yaml}\n"
}`,
			hidden: "kubectl_manifest.cm (a manifest that may be aws-auth)",
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
