package model

import (
	"path"
	"strings"

	"github.com/hashicorp/hcl/v2"

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
	x.ArgsKnown = true
	if argsExpr != nil {
		elems, ok := resolve.Elements(r.Eval(argsExpr, nil))
		if !ok {
			x.ArgsKnown = false
		}
		for _, e := range elems {
			args = append(args, resolve.StringOf(e))
		}
	}
	switch tool {
	case "aws":
		x.Tool = "aws eks get-token"
		if !hasSubcommand(args, "eks", "get-token") {
			x.Tool = ""
			return x
		}
		x.readFlags(args, map[string]string{
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
		x.readFlags(args, map[string]string{
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
func (x *Exec) readFlags(args []resolve.String, flags map[string]string) {
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
		switch what {
		case "cluster":
			x.Cluster = v
		case "role":
			x.Role, x.RoleFrom = v, name
		case "profile":
			x.Profile = v
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
				x.Profile = s
			}
		case "AWS_ROLE_ARN":
			if x.Role.Kind == resolve.Null {
				x.Role, x.RoleFrom = s, "env AWS_ROLE_ARN"
			}
		case "AWS_ACCESS_KEY_ID":
			x.StaticKeys = true
		}
	}
}
