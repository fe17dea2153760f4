//go:build unix

package baseline

import (
	"os/exec"
	"syscall"
)

// killProcessGroup runs cmd in its own process group and makes the
// deadline kill the whole group: git and any helper it started.
func killProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
