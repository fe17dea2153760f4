// Package arn parses the IAM and STS principal ARNs that Terraform runs as
// and that an EKS cluster grants access to, and matches them the way EKS
// does.
//
// EKS does not compare ARNs as they are written. STS presents a role as an
// assumed-role session that carries the role's name but not its IAM path,
// and aws-iam-authenticator turns that back into a path-less role ARN before
// it looks it up, ignoring case, in the aws-auth ConfigMap. An aws-auth
// entry written with the role's path therefore never matches. Access
// entries, by contrast, are resolved to the role itself, so there the path
// does no harm. The matchers in this package encode these differences so
// that a rule asks one question: does this entry let this caller in?
//
// Values come from a Terraform configuration that tflint cannot fully
// evaluate, so any field may hold a placeholder from package symbol. A match
// is therefore Yes, No or Unknown: fields that are equal as text are equal
// (the same reference has the same value), a field with a placeholder that
// is not equal as text is unknown, and a known field that differs decides
// No on its own.
package arn

import (
	"fmt"
	"strings"

	awsarn "github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/symbol"
)

// Kind is the sort of IAM or STS resource an ARN names.
type Kind int

const (
	// Other is an IAM or STS resource that EKS never maps to a Kubernetes
	// identity: a group, a policy, an instance profile, a federated user.
	Other Kind = iota
	// Role is an IAM role: arn:aws:iam::ACCOUNT:role/PATH/NAME.
	Role
	// User is an IAM user: arn:aws:iam::ACCOUNT:user/PATH/NAME.
	User
	// AssumedRole is an STS role session,
	// arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION: the form in which
	// STS presents a role to EKS.
	AssumedRole
	// Root is an account's root user: arn:aws:iam::ACCOUNT:root.
	Root
	// Unresolved is an ARN whose structure a placeholder hides, such as a
	// module output standing for the whole ARN. Only its text is known.
	Unresolved
)

var kindNames = [...]string{
	Other:       "other",
	Role:        "role",
	User:        "user",
	AssumedRole: "assumed-role",
	Root:        "root",
	Unresolved:  "unresolved",
}

func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Principal is a parsed IAM or STS ARN.
//
// Keywords (the "arn" prefix, partition, service and resource type) are
// recognised in any case, because aws-auth compares whole ARNs ignoring
// case; Partition and Service hold them in lower case. The other fields
// keep the text as written, placeholders included.
type Principal struct {
	Partition string // aws, aws-cn or aws-us-gov, or text with a placeholder
	Service   string // iam or sts, or text with a placeholder
	Account   string // 12 digits, or text with a placeholder
	Kind      Kind
	// Path is the IAM path of a role, user or other IAM resource, with
	// its leading and trailing slash, and "/" when there is none. It is
	// empty for STS and root ARNs.
	Path string
	// Name is the role or user name; for an assumed role, the role's.
	Name string
	// Session is the session name of an assumed role.
	Session string

	raw string
}

// String returns the ARN as Parse was given it, or "" for a Principal that
// Parse did not make.
func (p Principal) String() string { return p.raw }

// RoleARN returns, for a Role or AssumedRole, the role's ARN without its
// path: arn:PARTITION:iam::ACCOUNT:role/NAME. That is the ARN that STS
// presents and that aws-auth entries are compared with. For other kinds it
// returns "".
func (p Principal) RoleARN() string {
	if p.Kind != Role && p.Kind != AssumedRole {
		return ""
	}
	return "arn:" + p.Partition + ":iam::" + p.Account + ":role/" + p.Name
}

// HasPath reports whether p has an IAM path other than "/".
func (p Principal) HasPath() bool { return len(p.Path) > 1 }

// Path prefixes of roles that AWS creates and manages itself.
const (
	serviceLinkedPath = "/aws-service-role/"
	ssoPath           = "/aws-reserved/sso.amazonaws.com/"
)

// ServiceLinked reports whether p is known to be a service-linked role,
// one under the path /aws-service-role/. Access entries refuse them.
func (p Principal) ServiceLinked() bool {
	return p.Kind == Role && hasPrefix(p.Path, serviceLinkedPath) == Yes
}

// SSO reports whether p is known to be a role that IAM Identity Center
// (formerly AWS SSO) made for a permission set, under the path
// /aws-reserved/sso.amazonaws.com/. People copy such ARNs from the console
// with the path, which aws-auth never matches.
func (p Principal) SSO() bool {
	return p.Kind == Role && hasPrefix(p.Path, ssoPath) == Yes
}

// Parse parses an IAM or STS ARN. It accepts the principals EKS can map
// (roles, users, assumed roles, account roots) and other IAM resources as
// Kind Other, so that a group or policy ARN written where a role belongs is
// reported as a mismatch rather than as garbage.
//
// A placeholder may stand for any single field or name; the account then
// skips the 12-digit check. Where a placeholder hides the structure (the
// whole ARN, the region or the resource type), Parse returns a Principal of
// Kind Unresolved that keeps only the text. Every other departure from
// the shape of an IAM or STS ARN is an error saying what is wrong.
func Parse(s string) (Principal, error) {
	// Errors show references as the configuration wrote them.
	fail := func(format string, args ...any) (Principal, error) {
		for i, a := range args {
			if t, ok := a.(string); ok {
				args[i] = symbol.Display(t)
			}
		}
		return Principal{}, fmt.Errorf("ARN %q: %s", symbol.Display(s), fmt.Sprintf(format, args...))
	}
	unresolved := Principal{Kind: Unresolved, raw: s}

	// The SDK's parser wants a lower-case prefix; aws-auth does not care.
	const prefix = "arn:"
	if !hasPrefixFold(s, prefix) {
		if hasPrefix(s, prefix) == Unknown {
			return unresolved, nil
		}
		return fail("not an ARN: it does not start with %q", prefix)
	}
	a, err := awsarn.Parse(prefix + s[len(prefix):])
	if err != nil {
		if symbol.Contains(s) {
			return unresolved, nil
		}
		return fail("not an ARN: it needs 6 parts separated by ':', found %d", strings.Count(s, ":")+1)
	}

	p := Principal{Account: a.AccountID, raw: s}
	switch {
	case symbol.Contains(a.Partition):
		p.Partition = a.Partition
	case equalFold(a.Partition, "aws"), equalFold(a.Partition, "aws-cn"), equalFold(a.Partition, "aws-us-gov"):
		p.Partition = lower(a.Partition)
	default:
		return fail("partition %q is not aws, aws-cn or aws-us-gov", a.Partition)
	}
	switch {
	case symbol.Contains(a.Service):
		p.Service = a.Service
	case equalFold(a.Service, "iam"), equalFold(a.Service, "sts"):
		p.Service = lower(a.Service)
	default:
		return fail("not an IAM or STS ARN: the service is %q", a.Service)
	}
	if a.Region != "" {
		if symbol.Contains(a.Region) {
			return unresolved, nil
		}
		return fail("IAM and STS ARNs have no region, found %q", a.Region)
	}
	if !symbol.Contains(p.Account) && !isAccountID(p.Account) {
		return fail("account ID %q must be 12 digits", p.Account)
	}

	typ, rest, slash := strings.Cut(a.Resource, "/")
	if symbol.Contains(typ) {
		return unresolved, nil
	}
	// A service given by a placeholder is inferred from the resource type.
	iam := p.Service != "sts"
	sts := p.Service != "iam"
	switch {
	case equalFold(typ, "root") && iam:
		if slash {
			return fail("root takes no name, found %q", a.Resource)
		}
		p.Kind = Root
		return p, nil
	case !slash:
		return fail("resource %q is not role/NAME, user/NAME, assumed-role/ROLE/SESSION or root", a.Resource)
	case equalFold(typ, "assumed-role") && sts:
		role, session, ok := strings.Cut(rest, "/")
		if !ok || role == "" || session == "" || strings.Contains(session, "/") {
			if !ok && symbol.Contains(rest) {
				return unresolved, nil
			}
			return fail("an assumed role is assumed-role/ROLE/SESSION, found %q", a.Resource)
		}
		p.Kind, p.Name, p.Session = AssumedRole, role, session
		return p, nil
	case equalFold(typ, "federated-user") && sts:
		p.Kind, p.Name = Other, rest
		return p, nil
	case equalFold(typ, "role") && iam:
		p.Kind = Role
	case equalFold(typ, "user") && iam:
		p.Kind = User
	case isOtherIAMType(typ) && iam:
		p.Kind = Other
	default:
		if !iam {
			return fail("STS has no resource type %q; its principals are assumed-role and federated-user", typ)
		}
		if !sts {
			return fail("IAM has no principal type %q; EKS maps role, user and root", typ)
		}
		return fail("no resource type %q in IAM or STS", typ)
	}
	i := strings.LastIndexByte(rest, '/')
	p.Path, p.Name = "/"+rest[:i+1], rest[i+1:]
	if p.Name == "" {
		return fail("%s has no name", typ)
	}
	return p, nil
}

// isOtherIAMType reports whether typ is the resource type of an IAM
// resource that is not a principal EKS can map.
func isOtherIAMType(typ string) bool {
	for _, t := range [...]string{"group", "policy", "instance-profile", "oidc-provider", "saml-provider", "server-certificate", "mfa", "sms-mfa", "u2f"} {
		if equalFold(typ, t) {
			return true
		}
	}
	return false
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// PathlessRoleARN rewrites a role ARN so that aws-auth can match it: a role
// ARN with a path, or an STS assumed-role ARN, becomes the path-less IAM
// role ARN. It reports false when s is already a path-less role ARN or is
// not a role at all, so that there is nothing to fix.
func PathlessRoleARN(s string) (string, bool) {
	p, err := Parse(s)
	if err != nil || !(p.Kind == AssumedRole || p.Kind == Role && p.HasPath()) {
		return "", false
	}
	return p.RoleARN(), true
}
