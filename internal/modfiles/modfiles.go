// Package modfiles reads the files of one Terraform module from wherever
// they are: a directory, a git revision, an extracted archive. eksauth
// reads modules that tflint never hands it (the baseline revision, a local
// child module, a sibling root, an HCP Terraform configuration), and the
// files come from the pull request under lint, so they are untrusted. This
// package is the one place that reads them, with one set of rules:
//
//   - Only regular files are read. A .tf that is a device, a FIFO or a
//     directory is skipped with a note; a read of /dev/zero would never end
//     and opening a FIFO would block.
//   - A symbolic link is followed only when the file system keeps it inside
//     its root (the sources here do: [os.Root], git's in-tree symlinks) and
//     it ends at a regular file. Modules share providers.tf through
//     symlinks, so refusing all of them would read a different module than
//     Terraform does.
//   - Sizes and counts are bounded per file and per module ([Limits]), and
//     across the modules of a run by a shared [Budget].
//   - Names are fs.FS names: there is no way to name a path above the root.
//
// The choice of files is tflint's: *.tf and *.tf.json; terraform.tfvars,
// *.auto.tfvars and *.auto.tfvars.json for values (not
// terraform.tfvars.json, which tflint does not read), so a module read here
// means what the same module means to tflint.
package modfiles

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
)

// Limits bound what reading one module may cost. Every source shares them,
// so a new source inherits the bounds instead of re-deciding them.
type Limits struct {
	// FileBytes is the largest file read.
	FileBytes int64
	// TotalBytes is the most read for one module.
	TotalBytes int64
	// Files is the most module files read for one module.
	Files int
	// Entries is the most directory entries looked at: a directory with
	// millions of entries costs time even when none of them is a module file.
	Entries int
}

// DefaultLimits are generous for hand-written modules and small next to a
// lint job's memory.
var DefaultLimits = Limits{FileBytes: 4 << 20, TotalBytes: 32 << 20, Files: 512, Entries: 20000}

// Budget bounds what many reads spend together: Limits bound one module,
// and the configuration under lint chooses how many modules are read
// (local children, sibling roots, checkouts it refers to). It is safe for
// concurrent use, and a read reserves a file's bytes before it reads them,
// so reads running at once never overspend it.
type Budget struct {
	mu    sync.Mutex
	bytes int64
	files int
	// Bytes and Files are what the budget started with, for messages.
	Bytes int64
	Files int
}

// NewBudget returns a budget of bytes and files.
func NewBudget(bytes int64, files int) *Budget {
	return &Budget{bytes: bytes, files: files, Bytes: bytes, Files: files}
}

// take reserves one file of up to max bytes; the bytes granted may be
// fewer. ok is false when no file or no byte is left.
func (b *Budget) take(max int64) (granted int64, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.files <= 0 || b.bytes <= 0 {
		return 0, false
	}
	granted = min(max, b.bytes)
	b.files--
	b.bytes -= granted
	return granted, true
}

// Left is what is left of the budget.
func (b *Budget) Left() (bytes int64, files int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bytes, b.files
}

// give returns what a reservation did not use: bytes, and the file too
// when it was not read.
func (b *Budget) give(bytes int64, file bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bytes += bytes
	if file {
		b.files++
	}
}

// Kind says what a module file is for.
type Kind int

const (
	// Config is a configuration file: .tf, .tf.json.
	Config Kind = iota + 1
	// Values is a variable values file that Terraform loads by itself.
	Values
)

// KindOf says whether a file name is one tflint reads as part of a module,
// and as what. Override files (_override.tf) are left out: eksauth does not
// merge them.
func KindOf(name string) (Kind, bool) {
	switch {
	case strings.HasSuffix(name, "_override.tf"), strings.HasSuffix(name, "_override.tf.json"), name == "override.tf", name == "override.tf.json":
		return 0, false
	case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tf.json"):
		return Config, true
	case name == "terraform.tfvars", strings.HasSuffix(name, ".auto.tfvars"), strings.HasSuffix(name, ".auto.tfvars.json"):
		return Values, true
	}
	return 0, false
}

// Module is a module's files, parsed.
type Module struct {
	// Files are the configuration files in name order.
	Files []*hcl.File
	// ValueFiles are the values files lowest precedence first, the order
	// Terraform applies them in: terraform.tfvars, then *.auto.tfvars and
	// *.auto.tfvars.json in lexical order.
	ValueFiles []*hcl.File
	// Skipped are module files left out, with why. A module with skipped
	// files is not the whole module: callers say so rather than treat
	// what is missing as absent.
	Skipped []Skip
	// Diags are the files' parse errors. A file that does not parse is
	// still listed with what of it could be read.
	Diags hcl.Diagnostics

	valueNames []string // base names of ValueFiles
}

// Skip is a module file that was not read.
type Skip struct {
	// Name is the file's name as the module's files are named (see
	// Options.Prefix).
	Name   string
	Reason string
}

func (s Skip) String() string { return s.Name + " " + s.Reason }

// Options say how to read.
type Options struct {
	// Limits; the zero value means DefaultLimits.
	Limits Limits
	// Prefix is put before each file's name in ranges and notes, so that
	// messages name files as users know them: "infra/main.tf" where tflint
	// runs from the repository top, "origin/main:infra/main.tf" for a git
	// revision.
	Prefix string
	// Only, when set, reads only the files of that kind: a caller after
	// the values files should not pay for parsing the configuration.
	Only Kind
	// Budget, when set, is spent by this read and shared with others.
	Budget *Budget
}

// ErrNotFound is returned when the module's directory does not exist.
var ErrNotFound = errors.New("module directory does not exist")

// Dir reads the module in the directory dir on disk. The root is dir
// itself: no symbolic link leads out of it.
func Dir(dir string, opts Options) (*Module, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	defer root.Close()
	return Read(root.FS(), ".", opts)
}

// Read reads the module in the directory dir of fsys. fsys is the boundary:
// symbolic links are followed only as far as fsys follows them, so it
// should not follow links out of itself (os.DirFS does; os.Root.FS does
// not).
func Read(fsys fs.FS, dir string, opts Options) (*Module, error) {
	lim := opts.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	names, truncated, err := list(fsys, dir, lim.Entries)
	if err != nil {
		return nil, err
	}
	m := &Module{}
	if truncated {
		m.Skipped = append(m.Skipped, Skip{Name: opts.Prefix + dir, Reason: fmt.Sprintf("has more than %d entries; only the first were looked at", lim.Entries)})
	}
	var vals []*hcl.File
	var valNames []string
	var tfvars *hcl.File
	var total int64
	count := 0
	for _, e := range names {
		kind, ok := KindOf(e.Name())
		if !ok || opts.Only != 0 && kind != opts.Only {
			continue
		}
		full := path.Join(dir, e.Name())
		shown := opts.Prefix + e.Name()
		if opts.Prefix == "" {
			shown = full
		}
		if count == lim.Files {
			m.Skipped = append(m.Skipped, Skip{Name: shown, Reason: fmt.Sprintf("was not read: the module has more than %d files", lim.Files)})
			continue
		}
		count++
		budget := min(lim.FileBytes, lim.TotalBytes-total)
		limit := budget
		if opts.Budget != nil {
			// Reserve what the file holds, not the most a file may: reads
			// running at once would otherwise find the budget spent by
			// reservations they give back a moment later.
			want := budget
			if fi, err := fs.Stat(fsys, full); err == nil && fi.Mode().IsRegular() && fi.Size() < want {
				want = fi.Size()
			}
			granted, ok := opts.Budget.take(want)
			if !ok {
				m.Skipped = append(m.Skipped, Skip{Name: shown, Reason: opts.Budget.exhausted()})
				continue
			}
			if granted < want {
				opts.Budget.give(granted, true)
				m.Skipped = append(m.Skipped, Skip{Name: shown, Reason: opts.Budget.exhausted()})
				continue
			}
			limit = granted
		}
		src, why := readFile(fsys, full, e, limit)
		if opts.Budget != nil {
			opts.Budget.give(limit-int64(len(src)), why != "")
		}
		if why != "" {
			switch {
			case !strings.HasPrefix(why, "is larger"):
			case limit < budget:
				why = "was not read: it grew while it was read"
			case budget < lim.FileBytes:
				why = fmt.Sprintf("was not read: the module's files are larger than %d bytes together", lim.TotalBytes)
			}
			m.Skipped = append(m.Skipped, Skip{Name: shown, Reason: why})
			continue
		}
		total += int64(len(src))
		f, diags := parse(src, shown)
		m.Diags = append(m.Diags, diags...)
		if f == nil {
			continue
		}
		switch {
		case kind == Config:
			m.Files = append(m.Files, f)
		case e.Name() == "terraform.tfvars":
			tfvars = f
		default:
			vals = append(vals, f)
			valNames = append(valNames, e.Name())
		}
	}
	if tfvars != nil {
		m.ValueFiles = append(m.ValueFiles, tfvars)
		m.valueNames = append(m.valueNames, "terraform.tfvars")
	}
	m.ValueFiles = append(m.ValueFiles, vals...)
	m.valueNames = append(m.valueNames, valNames...)
	return m, nil
}

// exhausted says why a file was left out once the budget is spent.
func (b *Budget) exhausted() string {
	return fmt.Sprintf("was not read: eksauth reads at most %d bytes in %d files from modules other than the linted one while linting this directory, and has read that much", b.Bytes, b.Files)
}

// list reads at most max entries of dir, in name order.
func list(fsys fs.FS, dir string, max int) ([]fs.DirEntry, bool, error) {
	d, err := fsys.Open(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, ErrNotFound
		}
		return nil, false, err
	}
	defer d.Close()
	rd, ok := d.(fs.ReadDirFile)
	if !ok {
		return nil, false, fmt.Errorf("%s is not a directory", dir)
	}
	var out []fs.DirEntry
	truncated := false
	for {
		batch, err := rd.ReadDir(256)
		out = append(out, batch...)
		if len(out) >= max {
			out, truncated = out[:max], true
			break
		}
		if err == io.EOF || len(batch) == 0 {
			break
		}
		if err != nil {
			return nil, false, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, truncated, nil
}

// readFile reads one file when it is a regular file of at most limit
// bytes; otherwise it says why not. The type is checked before the file
// is opened (opening a FIFO blocks) and again on the open file, whose size
// is not trusted either: the read stops after limit+1 bytes.
func readFile(fsys fs.FS, name string, e fs.DirEntry, limit int64) ([]byte, string) {
	mode := e.Type()
	if mode&fs.ModeSymlink != 0 {
		fi, err := fs.Stat(fsys, name)
		if err != nil {
			return nil, "is a symbolic link that was not followed (" + reason(err) + ")"
		}
		mode = fi.Mode().Type()
	}
	if !mode.IsRegular() {
		return nil, "was skipped: it is not a regular file"
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, "cannot be read (" + reason(err) + ")"
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, "cannot be read (" + reason(err) + ")"
	}
	if !fi.Mode().IsRegular() {
		return nil, "was skipped: it is not a regular file"
	}
	if fi.Size() > limit {
		return nil, fmt.Sprintf("is larger than %d bytes and was not read", limit)
	}
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, "cannot be read (" + reason(err) + ")"
	}
	if int64(len(src)) > limit {
		return nil, fmt.Sprintf("is larger than %d bytes and was not read", limit)
	}
	return src, ""
}

// reason is an error without the path it names: the note names the file.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// parse parses a configuration or values file; JSON by its suffix.
func parse(src []byte, name string) (*hcl.File, hcl.Diagnostics) {
	if strings.HasSuffix(name, ".json") {
		return hcljson.Parse(src, name)
	}
	return hclsyntax.ParseConfig(src, name, hcl.InitialPos)
}
