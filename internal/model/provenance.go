package model

import (
	"strings"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Provenance says where a value came from, for messages: "var.role_arn =
// terraform.tfvars, local.account". Values never appear in it, so it is safe
// for sensitive ones.
func (m *Model) Provenance(ctx *Context, s resolve.String) string {
	var parts []string
	for _, f := range s.From {
		part := f
		if name, ok := strings.CutPrefix(f, "var."); ok && ctx != nil {
			if where := m.varOrigin(ctx, name); where != "" {
				part += " = " + where
			}
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, ", ")
}

func (m *Model) varOrigin(ctx *Context, name string) string {
	r := ctx.resolver
	if r == nil {
		return ""
	}
	if from, ok := ctx.argFrom[name]; ok {
		return from
	}
	if r.Overridden(name) {
		if from, ok := ctx.varFrom[name]; ok {
			return from
		}
		return ctx.VarSource
	}
	v, ok := r.VarValue(name)
	origins := m.origins
	if ctx.origins != nil {
		origins = ctx.origins
	}
	if !ok || origins == nil {
		return ""
	}
	return origins.Of(name, v)
}
