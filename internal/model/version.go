package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/hclext"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/resolve"
)

// Version is the terraform-aws-modules/eks release a module call resolves
// to, as far as the configuration tells. Access settings changed at 18.20,
// 20.0 and 21.0, so major and minor matter.
type Version struct {
	Major, Minor int
	// Known is false when neither the version argument, a git ref nor the
	// inputs used tell the release.
	Known bool
	// From says how it was found: `version = "~> 20.0"`, "?ref=v20.8.4",
	// "inputs (access_entries)".
	From string
}

func (v Version) String() string {
	if !v.Known {
		return "unknown version"
	}
	if v.Minor < 0 {
		return fmt.Sprintf("v%d", v.Major)
	}
	return fmt.Sprintf("v%d.%d", v.Major, v.Minor)
}

// AtLeast reports whether v is known to be major.minor or later.
func (v Version) AtLeast(major, minor int) bool {
	if !v.Known {
		return false
	}
	if v.Major != major {
		return v.Major > major
	}
	return v.Minor < 0 || v.Minor >= minor
}

// Before reports whether v is known to be earlier than major.minor.
func (v Version) Before(major, minor int) bool {
	if !v.Known {
		return false
	}
	if v.Major != major {
		return v.Major < major
	}
	return v.Minor >= 0 && v.Minor < minor
}

// moduleVersion finds the release a call installs.
func (b *builder) moduleVersion(blk *hclext.Block, src string) Version {
	if e := blockAttr(blk, "version"); e != nil {
		s := resolve.StringOf(b.r.Eval(e, nil))
		if s.Kind == resolve.Known {
			if v, ok := constraintVersion(s.Text); ok {
				return v
			}
		}
	}
	if v, ok := refVersion(src); ok {
		return v
	}
	inputs := map[string]bool{}
	for k := range blk.Body.Attributes {
		inputs[k] = true
	}
	v, _ := inputVersion(inputs)
	return v
}

var versionNumber = regexp.MustCompile(`v?(\d+)(?:\.(\d+))?(?:\.(\d+))?`)

// constraintVersion reads the release Terraform would install for a
// version constraint: the newest one it allows. Only upper bounds narrow
// it; an open constraint (">= 18.0") says nothing, because Terraform
// installs the newest release, whatever the inputs were written for.
func constraintVersion(c string) (Version, bool) {
	c = strings.TrimSpace(c)
	if c == "" {
		return Version{}, false
	}
	var best Version
	found := false
	for _, part := range strings.Split(c, ",") {
		part = strings.TrimSpace(part)
		op := strings.TrimRight(part, "0123456789.v ")
		num := strings.TrimSpace(strings.TrimPrefix(part, op))
		m := versionNumber.FindStringSubmatch(num)
		if m == nil {
			continue
		}
		major, _ := strconv.Atoi(m[1])
		minor := -1
		if m[2] != "" {
			minor, _ = strconv.Atoi(m[2])
		}
		var v Version
		switch strings.TrimSpace(op) {
		case "", "=":
			v = Version{Major: major, Minor: minor, Known: true}
		case "~>":
			if m[3] != "" || m[2] == "" {
				// ~> 20.8.4 stays within 20.8; ~> 20 within 20.
				v = Version{Major: major, Minor: minor, Known: true}
				if m[2] == "" {
					v.Minor = -1
				}
			} else {
				// ~> 20.8 allows any 20.x from 20.8: the newest 20.
				v = Version{Major: major, Minor: -1, Known: true}
			}
		case "<":
			if minor <= 0 {
				v = Version{Major: major - 1, Minor: -1, Known: true}
			} else {
				v = Version{Major: major, Minor: minor - 1, Known: true}
			}
		case "<=":
			v = Version{Major: major, Minor: minor, Known: true}
		default:
			continue
		}
		if !found || v.Major < best.Major || v.Major == best.Major && v.Minor >= 0 && (best.Minor < 0 || v.Minor < best.Minor) {
			best = v
			found = true
		}
	}
	if found {
		best.From = fmt.Sprintf("version = %q", c)
	}
	return best, found
}

var gitRef = regexp.MustCompile(`[?&]ref=v?(\d+)\.(\d+)(?:\.\d+)?\b`)

// refVersion reads a release from a git source's ?ref=vX.Y.Z.
func refVersion(source string) (Version, bool) {
	m := gitRef.FindStringSubmatch(source)
	if m == nil {
		return Version{}, false
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return Version{Major: major, Minor: minor, Known: true, From: "?ref=" + strings.TrimPrefix(m[0][strings.Index(m[0], "=")+1:], "")}, true
}

// inputVersion guesses the release from the inputs a call uses: each
// access setting exists in only some releases, so its presence says which
// one the author wrote for.
func inputVersion(inputs map[string]bool) (Version, bool) {
	has := func(names ...string) string {
		for _, n := range names {
			if inputs[n] {
				return n
			}
		}
		return ""
	}
	if n := has("kubernetes_version", "endpoint_public_access"); n != "" || inputs["name"] && !inputs["cluster_name"] {
		if n == "" {
			n = "name"
		}
		return Version{Major: 21, Minor: -1, Known: true, From: "inputs (" + n + ")"}, true
	}
	if n := has("access_entries", "authentication_mode", "enable_cluster_creator_admin_permissions"); n != "" {
		return Version{Major: 20, Minor: -1, Known: true, From: "inputs (" + n + ")"}, true
	}
	if n := has("manage_aws_auth_configmap", "create_aws_auth_configmap", "aws_auth_roles", "aws_auth_users", "aws_auth_accounts"); n != "" {
		return Version{Major: 19, Minor: -1, Known: true, From: "inputs (" + n + ")"}, true
	}
	if n := has("map_roles", "map_users", "map_accounts", "manage_aws_auth", "worker_groups", "subnets"); n != "" {
		return Version{Major: 17, Minor: -1, Known: true, From: "inputs (" + n + ")"}, true
	}
	return Version{}, false
}
