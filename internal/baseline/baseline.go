// Package baseline reads a module as it is at another git revision, so a
// pull request's lint job can say what changed: "this PR changes the role
// Terraform runs as for cluster X from A to B, and B is not granted". tflint
// only sees the working tree, so the files are read with git and the
// variables evaluated here from defaults, tfvars and TF_VAR_.
//
// git runs on a repository whose size is not ours to choose, in a job that
// must finish: the whole load has one deadline, at which git's process
// group is killed; partial clones never fetch missing objects from the
// network; and the files are read by one git process, not one per file.
// What is read, and how much, is decided by modfiles, as for every other
// source of module files.
package baseline

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
)

// Snapshot is a module at a revision.
type Snapshot struct {
	// Ref is the revision as the user named it.
	Ref string
	// Missing is set when the module's directory did not exist at Ref:
	// everything in the current tree is new.
	Missing bool
	Files   []*hcl.File
	// Vars are the variable values a plan at Ref would have had without
	// command-line variables.
	Vars modfiles.Vars
	// Skipped are module files at Ref that were not read, with why: the
	// snapshot is not the whole module then.
	Skipped []modfiles.Skip
}

// Var implements resolve.Vars.
func (s *Snapshot) Var(name string, at hcl.Traversal) cty.Value {
	return s.Vars.Var(name, at)
}

// Timeout bounds a whole load, every git command together: a lint job
// must not hang on a huge repository or a stuck filesystem.
const Timeout = 20 * time.Second

// Options change how a snapshot is read; the zero value is the default.
type Options struct {
	// Getenv reads TF_VAR_ variables; nil means os.Getenv.
	Getenv func(string) string
	// Timeout replaces Timeout when positive.
	Timeout time.Duration
	// Limits replace modfiles.DefaultLimits when set.
	Limits modfiles.Limits
}

// Load reads the module in dir as it is at ref. The errors say what to do.
func Load(dir, ref string, opts Options) (*Snapshot, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = Timeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	snap, err := load(ctx, dir, ref, opts)
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("git did not finish reading %s within %s", ref, timeout)
	}
	return snap, err
}

func load(ctx context.Context, dir, ref string, opts Options) (*Snapshot, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, errors.New("git is not on PATH")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	top, err := git(ctx, abs, "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, fmt.Errorf("%s is not in a git repository", dir)
	}
	top = strings.TrimSpace(top)
	commit, err := git(ctx, top, "rev-parse", "--verify", "--quiet", "--end-of-options", ref+"^{commit}")
	if err != nil {
		msg := fmt.Sprintf("git revision %q does not exist here", ref)
		if out, _ := git(ctx, top, "rev-parse", "--is-shallow-repository"); strings.TrimSpace(out) == "true" {
			msg += " (this is a shallow clone: fetch the base, e.g. git fetch --depth=1 origin main, or check out with fetch-depth: 0)"
		}
		return nil, errors.New(msg)
	}
	commit = strings.TrimSpace(commit)
	realTop, _ := filepath.EvalSymlinks(top)
	realDir, _ := filepath.EvalSymlinks(abs)
	rel, err := filepath.Rel(realTop, realDir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("%s is outside the repository %s", dir, top)
	}
	rel = filepath.ToSlash(rel)
	tree, err := openTree(ctx, top, commit, rel, limitOf(opts.Limits))
	if err != nil {
		return nil, fmt.Errorf("reading %s at %s: %v", dir, ref, err)
	}
	defer tree.close()
	snap := &Snapshot{Ref: ref}
	if len(tree.entries) == 0 {
		snap.Missing = true
		return snap, nil
	}
	// Name files as tflint would, relative to the module, behind the
	// revision, so ranges read naturally in messages.
	prefix := ref + ":"
	if rel != "." {
		prefix += rel + "/"
	}
	m, err := modfiles.Read(tree, ".", modfiles.Options{Prefix: prefix, Limits: opts.Limits})
	if err == nil && tree.err != nil {
		err = tree.err
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s at %s: %v", dir, ref, err)
	}
	if m.Diags.HasErrors() {
		return nil, fmt.Errorf("the module at %s does not parse: %s", ref, m.Diags.Error())
	}
	snap.Files, snap.Skipped = m.Files, m.Skipped
	snap.Vars = m.Vars(opts.Getenv)
	return snap, nil
}

// gitEnv keeps git from asking or fetching: no prompt for credentials, no
// lazy fetch of missing objects in a partial clone (a blobless checkout
// would otherwise download the revision's files, unbounded), no locks on
// a repository the job may be using.
var gitEnv = []string{"GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "GIT_NO_LAZY_FETCH=1"}

// command is git with the load's deadline: at the deadline the whole
// process group is killed (git may run helpers of its own), and Wait
// gives up on pipes a leftover process still holds after WaitDelay.
func command(ctx context.Context, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), gitEnv...)
	cmd.WaitDelay = time.Second
	killProcessGroup(cmd)
	return cmd
}

// maxOutput bounds what one git command may print that is kept in memory:
// a listing of one directory or a revision name.
const maxOutput = 8 << 20

func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := command(ctx, dir, args...)
	stdout := &limitedBuffer{max: maxOutput}
	var stderr limitedBuffer
	stderr.max = 4 << 10
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	if stdout.over {
		return "", fmt.Errorf("git %s printed more than %d bytes", args[0], maxOutput)
	}
	return stdout.String(), nil
}

// limitedBuffer keeps the first max bytes written and drops the rest.
type limitedBuffer struct {
	bytes.Buffer
	max  int
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); len(p) > room {
		b.over = true
		if room > 0 {
			b.Buffer.Write(p[:room])
		}
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

// batch is one `git cat-file --batch` process that every file of the load
// is read through.
type batch struct {
	cmd  *exec.Cmd
	in   *bufio.Writer
	out  *bufio.Reader
	ins  interface{ Close() error }
	stop func() bool
}

func startBatch(ctx context.Context, top string) (*batch, error) {
	// --follow-symlinks follows a symbolic link inside the repository and
	// reports one that leaves it, as modfiles wants of every source.
	cmd := command(ctx, top, "cat-file", "--batch", "--follow-symlinks")
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	// WaitDelay only helps once Wait is called, and reads come first: a
	// process that escaped the group and holds the pipe would block them
	// past the deadline. Closing our end at the deadline ends them.
	stop := context.AfterFunc(ctx, func() { out.Close() })
	return &batch{cmd: cmd, in: bufio.NewWriter(in), out: bufio.NewReader(out), ins: in, stop: stop}, nil
}

func (b *batch) close() {
	b.stop()
	b.ins.Close()
	_ = b.cmd.Wait()
}
