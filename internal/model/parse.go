package model

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
)

// ContentOf applies the model's schema to parsed files, the way tflint's
// GetModuleContent does for the current tree. The baseline uses it for
// files read from another git revision, which tflint never sees.
func ContentOf(files []*hcl.File) (*hclext.BodyContent, hcl.Diagnostics) {
	content := &hclext.BodyContent{Attributes: hclext.Attributes{}}
	var diags hcl.Diagnostics
	for _, f := range files {
		c, d := hclext.PartialContent(f.Body, schema)
		diags = append(diags, d...)
		if c != nil {
			content.Blocks = append(content.Blocks, c.Blocks...)
		}
	}
	return content, diags
}
