// Package project holds what the whole plugin shares about itself: its
// release version and where its rules are documented. Rules and the
// ruleset both need it, and neither should import the other for it.
package project

// Version is the plugin's release version. The release workflow tags
// v<Version>; rule documentation links point at that tag so that a link
// printed by an old plugin still describes the rule as that plugin checks it.
const Version = "0.1.0"

// DocLink returns the documentation URL of a rule for this release.
func DocLink(rule string) string {
	return "https://github.com/eksauth/tflint-ruleset-eksauth/blob/v" + Version + "/docs/rules/" + rule + ".md"
}
