package model

import "github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"

// diskBudget is what one plugin process reads from disk besides tflint's
// own module, every source together: local children, sibling roots,
// checkouts of referenced workspaces, a glance at a module for aws-auth.
// modfiles bounds each module; the configuration chooses how many there
// are (64 calls, 32 roots, each with its own children), so the bound on
// the run is this one. It is safe for concurrent use.
var diskBudget = modfiles.NewBudget(64<<20, 4096)

// readFiles are a local module directory's files as read once.
type readFiles struct {
	mf  *modfiles.Module
	err error
}
