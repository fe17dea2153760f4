//go:build !unix

package e2e

import (
	"os"
	"os/exec"
	"time"
)

// killProcessGroup leaves cmd as it is: the context's cancellation kills
// tflint only.
func killProcessGroup(*exec.Cmd) {}

// usage reports CPU time only: resident set sizes are not portable.
func usage(ps *os.ProcessState) (int64, time.Duration) {
	if ps == nil {
		return 0, 0
	}
	return 0, ps.UserTime() + ps.SystemTime()
}
