package model

import (
	"path/filepath"
	"sync"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/modfiles"
)

// diskBudget is what one plugin process reads from disk besides tflint's
// own module, every source together: local children, sibling roots,
// checkouts of referenced workspaces, a glance at a module for aws-auth.
// modfiles bounds each module; the configuration chooses how many there
// are (64 calls, 32 roots, each with its own children), so the bound on
// the run is this one. It is safe for concurrent use.
var diskBudget = modfiles.NewBudget(64<<20, 4096)

// onceCache holds what a key names, read once per process and kept with
// its error: tflint starts one plugin process per linted directory, and
// its module runs (run in parallel, and the root's twice under --fix)
// share what one of them read. A reader that comes while another reads
// the same key waits for its answer.
type onceCache[T any] struct {
	sync.Mutex
	m map[string]*onceEntry[T]
}

type onceEntry[T any] struct {
	once sync.Once
	v    T
	err  error
}

// get returns what read gives for key, asking it once. A new key beyond
// max (0: no bound) is not read: full says why.
func (c *onceCache[T]) get(key string, max int, full func() error, read func() (T, error)) (T, error) {
	c.Lock()
	if c.m == nil {
		c.m = map[string]*onceEntry[T]{}
	}
	e := c.m[key]
	if e == nil {
		if max > 0 && len(c.m) >= max {
			c.Unlock()
			var zero T
			return zero, full()
		}
		e = &onceEntry[T]{}
		c.m[key] = e
	}
	c.Unlock()
	e.once.Do(func() { e.v, e.err = read() })
	return e.v, e.err
}

// dirFiles reads local module directories from disk once per process,
// spending budget once for each: the calls of one module, the module runs
// that reach it and the glances for aws-auth all share one read.
type dirFiles struct {
	cache  onceCache[*modfiles.Module]
	budget *modfiles.Budget
}

// localFiles are the local module directories this process read.
var localFiles = &dirFiles{budget: diskBudget}

// read reads the module in abs, whose file names start with shown. The
// key is the directory's real path and that name: two ways to one
// directory under one name read it once, while a second name reads it
// again, since findings point at its files by the names the reader gave
// (a rare alias spends the budget twice, bounded as any read).
func (d *dirFiles) read(abs, shown string) (*modfiles.Module, error) {
	key, err := filepath.Abs(abs)
	if err != nil {
		key = filepath.Clean(abs)
	}
	if real, err := filepath.EvalSymlinks(key); err == nil {
		key = real
	}
	return d.cache.get(key+"\x00"+shown, 0, nil, func() (*modfiles.Module, error) {
		return modfiles.Dir(abs, modfiles.Options{Prefix: shown + "/", Budget: d.budget})
	})
}
