package baseline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
)

// tree is one directory of a commit as an fs.FS, for modfiles: entries
// come from one `git ls-tree`, contents from one `git cat-file --batch`
// started on the first read. Only the directory's own entries are named;
// symbolic links among them are followed by git inside the repository.
type tree struct {
	ctx    context.Context
	top    string // the repository's top directory
	commit string
	dir    string // the module's directory in the commit, "." at the top
	limit  int64  // the largest file kept in memory

	entries map[string]entry
	order   []entry
	batch   *batch
	// err is a failure of git itself, after which no read can be trusted.
	err error
	// followed are symbolic links read to answer Stat, kept for Open.
	followed map[string]blob
}

type entry struct {
	name string
	mode fs.FileMode
	size int64
}

// blob is what cat-file said of one path: its size, and its contents
// when they are within the limit.
type blob struct {
	size int64
	data []byte
}

func openTree(ctx context.Context, top, commit, dir string, limit int64) (*tree, error) {
	args := []string{"ls-tree", "-z", "-l", commit}
	if dir != "." {
		args = append(args, "--", dir+"/")
	}
	out, err := git(ctx, top, args...)
	if err != nil {
		return nil, err
	}
	t := &tree{ctx: ctx, top: top, commit: commit, dir: dir, limit: limit, entries: map[string]entry{}, followed: map[string]blob{}}
	for _, rec := range strings.Split(out, "\x00") {
		meta, p, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta) // mode type object size
		if len(f) != 4 || path.Dir(p) != dir {
			continue
		}
		e := entry{name: path.Base(p)}
		switch f[0] {
		case "100644", "100755":
			e.size, _ = strconv.ParseInt(f[3], 10, 64)
		case "120000":
			e.mode = fs.ModeSymlink
		case "040000":
			e.mode = fs.ModeDir
		default: // a submodule's commit
			e.mode = fs.ModeIrregular
		}
		t.entries[e.name] = e
		t.order = append(t.order, e)
	}
	sort.Slice(t.order, func(i, j int) bool { return t.order[i].name < t.order[j].name })
	return t, nil
}

func (t *tree) close() {
	if t.batch != nil {
		t.batch.close()
	}
}

func (t *tree) lookup(op, name string) (entry, error) {
	e, ok := t.entries[name]
	if !ok || !fs.ValidPath(name) || strings.Contains(name, "/") {
		return entry{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return e, nil
}

// Open implements fs.FS. A symbolic link is read when opened, so the
// open file describes what it leads to.
func (t *tree) Open(name string) (fs.File, error) {
	if name == "." {
		return &dirFile{t: t}, nil
	}
	e, err := t.lookup("open", name)
	if err != nil {
		return nil, err
	}
	f := &file{t: t, e: e}
	if e.mode&fs.ModeSymlink != 0 {
		b, err := t.follow(name)
		if err != nil {
			return nil, err
		}
		f.e.mode, f.e.size, f.data, f.read = 0, b.size, b.data, true
	}
	return f, nil
}

// Stat implements fs.StatFS, following symbolic links as Open does.
func (t *tree) Stat(name string) (fs.FileInfo, error) {
	f, err := t.Open(name)
	if err != nil {
		return nil, err
	}
	return f.Stat()
}

func (t *tree) follow(name string) (blob, error) {
	if b, ok := t.followed[name]; ok {
		return b, nil
	}
	b, err := t.cat(name)
	if err != nil {
		return blob{}, err
	}
	t.followed[name] = b
	return b, nil
}

// cat asks the batch process for one file of the directory.
func (t *tree) cat(name string) (blob, error) {
	fail := func(err error) (blob, error) { return blob{}, &fs.PathError{Op: "read", Path: name, Err: err} }
	if t.err != nil {
		return fail(t.err)
	}
	p := path.Join(t.dir, name)
	if strings.ContainsAny(p, "\n\x00") {
		return fail(errors.New("the name cannot be passed to git cat-file"))
	}
	if t.batch == nil {
		if t.batch, t.err = startBatch(t.ctx, t.top); t.err != nil {
			return fail(t.err)
		}
	}
	b, err := t.batch.cat(t.commit+":"+p, t.limit)
	var answer gitAnswer
	if err != nil && !errors.As(err, &answer) {
		t.err = err
	}
	if err != nil {
		return fail(err)
	}
	return b, nil
}

// gitAnswer is an answer git gave about a path (it leads outside the
// repository, is missing, is a directory): the batch process is still
// in step and can be asked again.
type gitAnswer string

func (a gitAnswer) Error() string { return string(a) }

// cat requests one object by name and reads the answer: contents up to
// limit bytes are kept, larger ones are read past (git sends them all).
func (b *batch) cat(object string, limit int64) (blob, error) {
	if _, err := b.in.WriteString(object + "\n"); err != nil {
		return blob{}, err
	}
	if err := b.in.Flush(); err != nil {
		return blob{}, err
	}
	header, err := b.out.ReadString('\n')
	if err != nil {
		return blob{}, fmt.Errorf("git cat-file stopped: %v", err)
	}
	f := strings.Fields(header)
	switch {
	case len(f) == 2 && (f[1] == "missing" || f[1] == "ambiguous"):
		return blob{}, gitAnswer("not in the commit")
	case len(f) == 2:
		// "symlink N", "dangling N", "loop N", "notdir N", then N bytes
		// naming the path and a newline.
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || n < 0 {
			return blob{}, fmt.Errorf("git cat-file said %q", header)
		}
		if _, err := io.CopyN(io.Discard, b.out, n+1); err != nil {
			return blob{}, fmt.Errorf("git cat-file stopped: %v", err)
		}
		if f[0] == "symlink" {
			return blob{}, gitAnswer("path escapes from the repository")
		}
		return blob{}, gitAnswer("symbolic link is " + f[0])
	case len(f) != 3:
		return blob{}, fmt.Errorf("git cat-file said %q", header)
	}
	size, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil || size < 0 {
		return blob{}, fmt.Errorf("git cat-file said %q", header)
	}
	out := blob{size: size}
	var keep io.Writer = io.Discard
	var buf bytes.Buffer
	if size <= limit {
		buf.Grow(int(size))
		keep = &buf
	}
	if _, err := io.CopyN(keep, b.out, size); err != nil {
		return blob{}, fmt.Errorf("git cat-file stopped: %v", err)
	}
	if _, err := b.out.Discard(1); err != nil { // the newline after the contents
		return blob{}, fmt.Errorf("git cat-file stopped: %v", err)
	}
	if f[1] != "blob" {
		return blob{}, gitAnswer("not a regular file (" + f[1] + ")")
	}
	if size <= limit {
		out.data = buf.Bytes()
	}
	return out, nil
}

// file is one entry of the directory; a regular file's contents are
// asked for on the first Read, after modfiles has checked its size.
type file struct {
	t    *tree
	e    entry
	data []byte
	read bool
	r    *bytes.Reader
}

func (f *file) Stat() (fs.FileInfo, error) { return info(f.e), nil }
func (f *file) Close() error               { return nil }

func (f *file) Read(p []byte) (int, error) {
	if f.e.mode != 0 {
		return 0, &fs.PathError{Op: "read", Path: f.e.name, Err: errors.New("not a regular file")}
	}
	if !f.read {
		b, err := f.t.cat(f.e.name)
		if err != nil {
			return 0, err
		}
		f.data, f.read = b.data, true
	}
	if f.data == nil && f.e.size > 0 {
		return 0, &fs.PathError{Op: "read", Path: f.e.name, Err: fmt.Errorf("larger than %d bytes", f.t.limit)}
	}
	if f.r == nil {
		f.r = bytes.NewReader(f.data)
	}
	return f.r.Read(p)
}

// dirFile is the directory itself.
type dirFile struct {
	t   *tree
	pos int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return info(entry{name: ".", mode: fs.ModeDir}), nil }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: ".", Err: errors.New("is a directory")}
}

// ReadDir implements fs.ReadDirFile.
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.t.order[d.pos:]
	if n > 0 && len(rest) > n {
		rest = rest[:n]
	}
	d.pos += len(rest)
	out := make([]fs.DirEntry, len(rest))
	for i, e := range rest {
		out[i] = fs.FileInfoToDirEntry(info(e))
	}
	if n > 0 && len(out) == 0 {
		return nil, io.EOF
	}
	return out, nil
}

type info entry

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.size }
func (i info) Mode() fs.FileMode  { return i.mode | 0o444 }
func (i info) ModTime() time.Time { return time.Time{} }
func (i info) IsDir() bool        { return i.mode.IsDir() }
func (i info) Sys() any           { return nil }

var _ fs.StatFS = (*tree)(nil)

// limitOf is the largest file the tree keeps, from the load's limits.
func limitOf(l modfiles.Limits) int64 {
	if l == (modfiles.Limits{}) {
		return modfiles.DefaultLimits.FileBytes
	}
	return l.FileBytes
}
