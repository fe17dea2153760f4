package model

import (
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Exec is an exec plugin call in a provider.
type Exec struct {
	// Tool is "aws eks get-token" or "aws-iam-authenticator token".
	Tool      string
	Range     hcl.Range
	ArgsRange hcl.Range
	Cluster   resolve.String
	Role      resolve.String // --role-arn / -r / env AWS_ROLE_ARN; Kind Null when absent
	RoleFrom  string         // "--role-arn", "-r", "env AWS_ROLE_ARN"
	Profile   resolve.String // --profile or env AWS_PROFILE; Null when absent
	// RoleRange and ProfileRange are where the role and the profile are
	// written: the argument or env value itself where the list or map is
	// written out, else the whole args or env. Findings about either point
	// there: tflint reports a child module's finding at each caller
	// argument the expression at its range refers to, and the whole args
	// list may refer to several (the cluster, the region, the profile).
	RoleRange, ProfileRange hcl.Range
	// StaticKeys is set when the exec environment carries access keys.
	StaticKeys bool
	// ArgsKnown is false when the argument list could not be read whole.
	ArgsKnown bool
}

// readExec reads an exec plugin call in one context: which tool, which
// cluster, and whether it names a role or a profile. The AWS CLI and
// aws-iam-authenticator use the ambient credential chain; they do not use
// the AWS provider's assume_role.
func readExec(r *resolve.Resolver, exprs map[string]hcl.Expression, at hcl.Range) *Exec {
	x := &Exec{Range: at, Role: resolve.String{Kind: resolve.Null}, Profile: resolve.String{Kind: resolve.Null}}
	cmd := resolve.StringOf(r.Eval(exprs["command"], nil))
	if cmd.Kind != resolve.Known {
		return x
	}
	tool := strings.TrimSuffix(path.Base(strings.ReplaceAll(cmd.Text, `\`, "/")), ".exe")
	argsExpr := exprs["args"]
	if argsExpr != nil {
		x.ArgsRange = argsExpr.Range()
	} else {
		x.ArgsRange = at
	}
	var args []resolve.String
	var ranges []hcl.Range
	x.ArgsKnown = true
	if argsExpr != nil {
		elems, ok := resolve.Elements(r.Eval(argsExpr, nil))
		if !ok {
			x.ArgsKnown = false
		}
		for _, e := range elems {
			args = append(args, resolve.StringOf(e))
		}
		if list, diags := hcl.ExprList(argsExpr); !diags.HasErrors() && len(list) == len(args) {
			for _, e := range list {
				ranges = append(ranges, e.Range())
			}
		}
	}
	switch tool {
	case "aws":
		x.Tool = "aws eks get-token"
		if !hasSubcommand(args, "eks", "get-token") {
			x.Tool = ""
			return x
		}
		x.readFlags(args, ranges, map[string]string{
			"--cluster-name": "cluster", "--cluster-id": "cluster",
			"--role-arn": "role", "--role": "role",
			"--profile": "profile", "--region": "", "--output": "", "--endpoint-url": "",
		})
	case "aws-iam-authenticator":
		x.Tool = "aws-iam-authenticator token"
		if !hasSubcommand(args, "token") {
			x.Tool = ""
			return x
		}
		x.readFlags(args, ranges, map[string]string{
			"-i": "cluster", "--cluster-id": "cluster",
			"-r": "role", "--role": "role",
			"--region": "", "--session-name": "", "-s": "",
		})
	default:
		return x
	}
	x.readEnv(r, exprs["env"])
	return x
}

// hasSubcommand reports whether the known arguments contain the words of
// the subcommand in order (global options may stand before them).
func hasSubcommand(args []resolve.String, words ...string) bool {
	i := 0
	for _, a := range args {
		if i < len(words) && a.Kind == resolve.Known && a.Text == words[i] {
			i++
		}
	}
	return i == len(words)
}

// readFlags reads --flag value and --flag=value pairs. An argument whose
// value is not known could itself be a flag such as --role-arn, so it
// makes the whole list unknown unless it stands where a value is expected.
// ranges are the arguments' own ranges, nil where the list is not written
// out.
func (x *Exec) readFlags(args []resolve.String, ranges []hcl.Range, flags map[string]string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a.Kind != resolve.Known {
			x.ArgsKnown = false
			continue
		}
		name, value, hasValue := strings.Cut(a.Text, "=")
		what, ok := flags[name]
		if !ok || !strings.HasPrefix(name, "-") {
			continue
		}
		var v resolve.String
		if hasValue {
			v = resolve.String{Kind: resolve.Known, Text: value, From: a.From}
		} else if i+1 < len(args) {
			i++
			v = args[i]
		} else {
			continue
		}
		at := x.ArgsRange
		if i < len(ranges) {
			at = ranges[i]
		}
		switch what {
		case "cluster":
			x.Cluster = v
		case "role":
			x.Role, x.RoleFrom, x.RoleRange = v, name, at
		case "profile":
			x.Profile, x.ProfileRange = v, at
		}
	}
}

// readEnv reads the exec environment: AWS_PROFILE selects a profile,
// AWS_ROLE_ARN a web identity role; static keys are an identity nobody can
// name from here.
func (x *Exec) readEnv(r *resolve.Resolver, e hcl.Expression) {
	if e == nil {
		return
	}
	v := r.Eval(e, nil)
	keys, ok := resolve.Keys(v)
	if !ok {
		if resolve.StringOf(v).Kind != resolve.Null {
			x.ArgsKnown = false
		}
		return
	}
	for _, k := range keys {
		val, _ := resolve.Attr(v, k)
		s := resolve.StringOf(val)
		switch k {
		case "AWS_PROFILE":
			if x.Profile.Kind == resolve.Null {
				x.Profile, x.ProfileRange = s, envValueRange(e, k)
			}
		case "AWS_ROLE_ARN":
			if x.Role.Kind == resolve.Null {
				x.Role, x.RoleFrom, x.RoleRange = s, "env AWS_ROLE_ARN", envValueRange(e, k)
			}
		case "AWS_ACCESS_KEY_ID":
			x.StaticKeys = true
		}
	}
}

// envValueRange is the range of the value env sets for key, where env is
// written out as an object; else the whole env.
func envValueRange(env hcl.Expression, key string) hcl.Range {
	pairs, diags := hcl.ExprMap(env)
	if diags.HasErrors() {
		return env.Range()
	}
	for _, p := range pairs {
		k := hcl.ExprAsKeyword(p.Key)
		if k == "" {
			if v, diags := p.Key.Value(nil); !diags.HasErrors() && v.IsKnown() && !v.IsNull() && v.Type() == cty.String {
				k = v.AsString()
			}
		}
		if k == key {
			return p.Value.Range()
		}
	}
	return env.Range()
}
