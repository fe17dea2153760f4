package model

import "github.com/terraform-linters/tflint-plugin-sdk/hclext"

// Everything the model reads comes from one GetModuleContent call: every
// runner call is a gRPC round trip, and most modules tflint visits have
// nothing to do with EKS. Blocks are read without expansion so that blocks
// with count = 0 or unknown for_each are still seen; the model expands them
// itself where existence matters.

func attrs(names ...string) []hclext.AttributeSchema {
	out := make([]hclext.AttributeSchema, len(names))
	for i, n := range names {
		out[i] = hclext.AttributeSchema{Name: n}
	}
	return out
}

var justAttributes = &hclext.BodySchema{Mode: hclext.SchemaJustAttributesMode}

var execSchema = hclext.BlockSchema{
	Type: "exec",
	Body: &hclext.BodySchema{Attributes: attrs("api_version", "command", "args", "env")},
}

// kubernetesConnection is what kubernetes, kubectl and helm v2's nested
// kubernetes block have in common.
var kubernetesConnection = &hclext.BodySchema{
	Attributes: attrs("host", "token", "config_path", "config_paths", "config_context", "load_config_file", "username", "password", "client_certificate"),
	Blocks:     []hclext.BlockSchema{execSchema},
}

var assumeRoleBody = &hclext.BodySchema{Attributes: attrs("role_arn", "session_name", "web_identity_token_file", "web_identity_token")}

var providerSchema = &hclext.BodySchema{
	Attributes: attrs(
		"alias",
		// kubernetes family
		"host", "token", "config_path", "config_paths", "config_context", "load_config_file", "username", "password", "client_certificate",
		// helm v3 writes its connection as an attribute
		"kubernetes",
		// aws
		"profile", "allowed_account_ids", "forbidden_account_ids", "shared_config_files", "access_key", "region",
	),
	Blocks: []hclext.BlockSchema{
		execSchema,
		{Type: "kubernetes", Body: kubernetesConnection},
		{Type: "assume_role", Body: assumeRoleBody},
		{Type: "assume_role_with_web_identity", Body: assumeRoleBody},
		{Type: "dynamic", LabelNames: []string{"name"}, Body: &hclext.BodySchema{}},
	},
}

// dataSchema covers aws_eks_cluster(_auth) and tfe_* data sources, and
// terraform_remote_state, whose backend and config lead to another root.
var dataSchema = &hclext.BodySchema{Attributes: attrs("name", "provider", "count", "for_each", "organization", "backend", "config", "workspace")}

var resourceSchema = &hclext.BodySchema{
	Attributes: attrs(
		"provider", "count", "for_each",
		// aws_eks_cluster; aws_iam_role, whose literal name and path tell
		// which roles a grant of its arn can never match
		"name", "path",
		// aws_eks_access_entry, aws_eks_access_policy_association
		"cluster_name", "principal_arn", "kubernetes_groups", "type", "user_name", "policy_arn",
		// kubernetes_config_map*
		"data",
		// tfe_workspace, tfe_workspace_settings, tfe_variable, tfe_variable_set:
		// how HCP Terraform runs are set up, when the config says so itself
		"key", "value", "category", "sensitive", "hcl", "workspace_id", "variable_set_id", "global",
		"execution_mode", "agent_pool_id", "organization", "tag_names",
		// kubectl_manifest, kubernetes_manifest: an aws-auth ConfigMap written as a manifest
		"yaml_body", "manifest",
	),
	Blocks: []hclext.BlockSchema{
		{Type: "access_config", Body: &hclext.BodySchema{Attributes: attrs("authentication_mode", "bootstrap_cluster_creator_admin_permissions")}},
		{Type: "access_scope", Body: &hclext.BodySchema{Attributes: attrs("type", "namespaces")}},
		{Type: "metadata", Body: &hclext.BodySchema{Attributes: attrs("name", "namespace")}},
		// Terraform 0.11 wrote a config map's data as a block.
		{Type: "data", Body: justAttributes},
		{Type: "dynamic", LabelNames: []string{"name"}, Body: &hclext.BodySchema{}},
	},
}

var schema = &hclext.BodySchema{
	Blocks: []hclext.BlockSchema{
		{Type: "provider", LabelNames: []string{"name"}, Body: providerSchema},
		{Type: "data", LabelNames: []string{"type", "name"}, Body: dataSchema},
		{Type: "ephemeral", LabelNames: []string{"type", "name"}, Body: dataSchema},
		{Type: "resource", LabelNames: []string{"type", "name"}, Body: resourceSchema},
		{Type: "module", LabelNames: []string{"name"}, Body: justAttributes},
		{Type: "locals", Body: justAttributes},
		{Type: "variable", LabelNames: []string{"name"}, Body: &hclext.BodySchema{Attributes: attrs("default", "sensitive", "description", "type")}},
		{Type: "output", LabelNames: []string{"name"}, Body: &hclext.BodySchema{Attributes: attrs("value")}},
		{Type: "terraform", Body: &hclext.BodySchema{Blocks: []hclext.BlockSchema{
			{Type: "required_providers", Body: justAttributes},
			{Type: "cloud", Body: &hclext.BodySchema{
				Attributes: attrs("organization", "hostname"),
				Blocks:     []hclext.BlockSchema{{Type: "workspaces", Body: &hclext.BodySchema{Attributes: attrs("name", "tags", "project")}}},
			}},
			{Type: "backend", LabelNames: []string{"type"}, Body: &hclext.BodySchema{
				// path (local) and bucket, key (s3) say which state a
				// root writes, to find it from another's remote state.
				Attributes: attrs("organization", "hostname", "path", "bucket", "key"),
				Blocks:     []hclext.BlockSchema{{Type: "workspaces", Body: &hclext.BodySchema{Attributes: attrs("name", "prefix")}}},
			}},
		}}},
	},
}
