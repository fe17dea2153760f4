//go:build unix

package e2e

import (
	"os/exec"
	"syscall"
)

// killProcessGroup runs cmd in its own process group and makes the context's
// cancellation kill the whole group: tflint and the plugin processes it
// started.
func killProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
