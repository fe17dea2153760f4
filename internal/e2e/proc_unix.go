//go:build unix

package e2e

import (
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
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

// usage reads what a finished process and the children it waited for
// used. Linux reports ru_maxrss in KiB, the BSDs and macOS in bytes.
func usage(ps *os.ProcessState) (maxRSS int64, cpu time.Duration) {
	if ps == nil {
		return 0, 0 // it never started
	}
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0, ps.UserTime() + ps.SystemTime()
	}
	maxRSS = int64(ru.Maxrss)
	if runtime.GOOS == "linux" {
		maxRSS *= 1024
	}
	return maxRSS, ps.UserTime() + ps.SystemTime()
}
