package hcp

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"testing/fstest"
	"time"

	tfe "github.com/hashicorp/go-tfe"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
)

// Bounds on what a referenced workspace's configuration may cost. The
// linted configuration chooses the workspace, so neither the archive's
// size nor its content is trusted.
const (
	// MaxArchiveBytes bounds the compressed configuration archive, the one
	// answer allowed to be larger than the API's own (DefaultMaxBody).
	MaxArchiveBytes = 10 << 20
	// MaxExtractedBytes bounds the archive once decompressed, against
	// archives that expand a thousandfold.
	MaxExtractedBytes = 50 << 20
	// maxArchiveEntries bounds the files and directories kept in memory.
	maxArchiveEntries = 10000
	// maxRedirects bounds the redirects one request follows: the API
	// answers a download with one, to the archive's location.
	maxRedirects = 3
)

// Ref names a workspace whose outputs the linted configuration reads:
// data "tfe_outputs" { organization, workspace } or data
// "terraform_remote_state" with the remote backend.
type Ref struct {
	// Host is the hostname the reference names ("app.terraform.io"), or ""
	// when it names none.
	Host               string
	Organization, Name string
}

// Source is a workspace another configuration takes its cluster from: its
// effective variables and where its configuration lives. Its
// configuration is downloaded only when Download is called, so a caller
// that finds WorkingDirectory in its own checkout spends no request on it.
type Source struct {
	Workspace
	// WorkingDirectory is the directory Terraform runs in, relative to the
	// configuration's root and cleaned; "" is the root.
	WorkingDirectory string
	// VCSRepo is the linked repository's identifier ("acme/infra"), ""
	// when the workspace is not linked to one; VCSBranch is its branch,
	// "" for the repository's default.
	VCSRepo, VCSBranch string

	run    run    // the reader's connection, for this workspace's organization
	cvID   string // the current configuration version, "" when not named
	once   sync.Once
	config *Configuration
	warn   string
}

// Configuration is a downloaded configuration, held in memory.
type Configuration struct {
	// Files is the archive's content from its root: regular files and
	// directories only. Local modules outside the working directory
	// ("../modules/eks") are in it too.
	Files fs.FS
	// Dir is the working directory within Files; "." is the root.
	Dir string
}

// Root is the configuration Terraform runs: Files below Dir.
func (c *Configuration) Root() (fs.FS, error) { return fs.Sub(c.Files, c.Dir) }

// Reader reads workspaces referenced by a linted configuration. One
// Reader serves a whole tflint run: it connects once (go-tfe pings the API
// once per client) and every read and download shares one deadline.
//
// The address and token are those of the plugin configuration and the
// environment, never a host the linted configuration names: a reference
// to another host is answered with a warning, so that an untrusted
// configuration cannot make eksauth send a token where it points.
type Reader struct {
	ctx     context.Context
	cancel  context.CancelFunc
	cfg     Config
	env     Env
	timeout time.Duration

	mu    sync.Mutex
	conns map[Origin]*conn
}

// conn is the reader's one client for an origin, or why there is none.
type conn struct {
	run  run
	warn string
}

// NewReader prepares reads under cfg; nothing is requested until Read.
// Its deadline is cfg.Timeout from now, within ctx's.
func NewReader(ctx context.Context, cfg Config, env Env) *Reader {
	if env == nil {
		env = OSEnv{}
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return &Reader{ctx: ctx, cancel: cancel, cfg: cfg, env: env, timeout: timeout}
}

// Close ends the reader's deadline early, releasing its timer; Read and
// Download fail after it. An owner done with the reader before its
// deadline closes it, as Lookup does. A reader that serves a whole process
// (the ruleset's, which later root runs may still need) is left open:
// its timer ends at its deadline.
func (rd *Reader) Close() { rd.cancel() }

// Read reads the workspace ref names: its attributes, its variables and
// the variable sets applied to it, in three requests. It returns the
// workspace, or one warning line saying why it cannot be used. It makes
// no request, and returns neither, when the reader's Config is not
// Enabled.
func (rd *Reader) Read(ref Ref) (src *Source, warning string) {
	if !rd.cfg.Enabled {
		return nil, ""
	}
	subject := fmt.Sprintf("HCP Terraform workspace %s/%s not checked: ", ref.Organization, ref.Name)
	r := run{ctx: rd.ctx, timeout: rd.timeout}
	defer func() {
		if p := recover(); p != nil {
			src, warning = nil, r.redact(fmt.Sprintf("%sinternal error (please report it): %v", subject, p))
		}
	}()
	if ref.Organization == "" || ref.Name == "" {
		return nil, subject + "the reference names no organization or no workspace"
	}
	cfg := rd.cfg
	cfg.Organization, cfg.Workspaces = ref.Organization, []string{ref.Name}
	if w := r.resolve(cfg, cloud.Backend{Kind: "cloud"}, rd.env); w != "" {
		return nil, w
	}
	if ref.Host != "" && !sameHost(ref.Host, r.host) {
		return nil, r.redact(fmt.Sprintf("%sthe configuration reads it from %s, but eksauth sends its API token only to the hcp_terraform address %s; set hcp_terraform address (or TFE_ADDRESS) to that host to check it",
			subject, ref.Host, r.address))
	}
	if w := rd.connect(&r); w != "" {
		return nil, r.redact(subject + w)
	}

	rec := &recorder{}
	tw, err := r.client.Workspaces.ReadWithOptions(withRecorder(r.ctx, rec), r.org, ref.Name,
		&tfe.WorkspaceReadOptions{Include: []tfe.WSIncludeOpt{tfe.WSProject}})
	if err == nil && (tw == nil || tw.ID == "") {
		err = errIncomplete("a workspace without an ID")
	}
	if err != nil {
		return nil, r.redact(subject + r.failure("reading the workspace", err, rec))
	}
	dir, ok := cleanDir(tw.WorkingDirectory)
	if !ok {
		return nil, r.redact(fmt.Sprintf("%sits working directory %q leaves its configuration", subject, tw.WorkingDirectory))
	}
	ws, warning := r.workspace(job{name: ref.Name, ws: tw})
	if ws == nil {
		return nil, warning
	}
	src = &Source{Workspace: *ws, WorkingDirectory: dir, run: r}
	if tw.VCSRepo != nil {
		src.VCSRepo, src.VCSBranch = tw.VCSRepo.Identifier, tw.VCSRepo.Branch
	}
	if tw.CurrentConfigurationVersion != nil {
		src.cvID = tw.CurrentConfigurationVersion.ID
	}
	return src, ""
}

// connect makes the reader's one client, or says why it cannot, and gives
// r its token and client.
func (rd *Reader) connect(r *run) string {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	c, ok := rd.conns[r.origin]
	if !ok {
		c = &conn{run: run{ctx: rd.ctx, timeout: rd.timeout, address: r.address, origin: r.origin, host: r.host, org: r.org}}
		c.run.token, c.run.source = Token(c.run.host, rd.env)
		if c.run.token == "" {
			c.warn = c.run.noTokenMessage()
		} else if err := c.run.connect(); err != nil {
			c.warn = c.run.failure("connecting to the API", err, c.run.pingRec)
		}
		if rd.conns == nil {
			rd.conns = map[Origin]*conn{}
		}
		rd.conns[r.origin] = c
	}
	r.token, r.source, r.client, r.pingRec, r.guard = c.run.token, c.run.source, c.run.client, c.run.pingRec, c.run.guard
	return c.warn
}

// errTooLarge is an archive over its bound once decompressed, in bytes.
type errTooLarge int64

func (e errTooLarge) Error() string { return fmt.Sprintf("larger than %d MB", int64(e)>>20) }

// cappedReader fails a read once more than limit bytes have come: it
// bounds what a decompressed archive may cost.
type cappedReader struct {
	r           io.Reader
	limit, read int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += int64(n)
	if c.read > c.limit {
		return n, errTooLarge(c.limit)
	}
	return n, err
}

// Download reads the workspace's current configuration: one request for
// the archive (and one more on servers that do not say which version is
// current). It returns the configuration, or one warning line. The result
// is kept: calling it again requests nothing.
func (s *Source) Download() (*Configuration, string) {
	s.once.Do(func() { s.config, s.warn = s.download() })
	return s.config, s.warn
}

func (s *Source) download() (c *Configuration, warning string) {
	r := &s.run
	subject := "HCP Terraform workspace " + s.Label() + " not checked: "
	defer func() {
		if p := recover(); p != nil {
			c, warning = nil, r.redact(fmt.Sprintf("%sinternal error (please report it): %v", subject, p))
		}
	}()
	cvID := s.cvID
	if cvID == "" {
		var w string
		if cvID, w = s.latestConfigVersion(); w != "" {
			return nil, r.redact(subject + w)
		}
	}
	rec := &recorder{}
	// The API answers with a redirect to the archive's location; only
	// this request may follow one to another host, without the token.
	archive, err := r.client.ConfigurationVersions.Download(forArchive(withRecorder(r.ctx, rec)), cvID)
	switch {
	case errors.Is(err, ErrBodyTooLarge):
		return nil, r.redact(fmt.Sprintf("%sits configuration archive from %s is larger than %d MB, more than eksauth reads",
			subject, r.address, MaxArchiveBytes>>20))
	case err != nil:
		return nil, r.redact(subject + r.failure("downloading its configuration", err, rec))
	}
	files, err := extract(archive)
	if err != nil {
		return nil, r.redact(fmt.Sprintf("%sits configuration archive from %s was refused: %s", subject, r.address, err))
	}
	dir := firstNonEmpty(s.WorkingDirectory, ".")
	if fi, err := fs.Stat(files, dir); err != nil || !fi.IsDir() {
		return nil, r.redact(fmt.Sprintf("%sits configuration has no working directory %q", subject, dir))
	}
	return &Configuration{Files: files, Dir: dir}, ""
}

// latestConfigVersion finds the configuration version a server that does
// not name the current one would run: the newest uploaded one that was not
// for a speculative plan. The API lists the newest first.
func (s *Source) latestConfigVersion() (id, warning string) {
	r := &s.run
	rec := &recorder{}
	l, err := r.client.ConfigurationVersions.List(withRecorder(r.ctx, rec), s.ID,
		&tfe.ConfigurationVersionListOptions{ListOptions: tfe.ListOptions{PageNumber: 1, PageSize: 20}})
	if err != nil {
		return "", r.failure("listing its configuration versions", err, rec)
	}
	for _, cv := range l.Items {
		if cv != nil && cv.ID != "" && cv.Status == tfe.ConfigurationUploaded && !cv.Speculative && !cv.Provisional {
			return cv.ID, ""
		}
	}
	return "", fmt.Sprintf("%s lists no uploaded configuration version for it", r.address)
}

// cleanDir cleans a working directory and says whether it stays inside
// the configuration; "" is the root.
func cleanDir(dir string) (string, bool) {
	if strings.Contains(dir, `\`) {
		return "", false
	}
	d := path.Clean(strings.TrimPrefix(dir, "/"))
	switch {
	case d == ".":
		return "", true
	case d == ".." || strings.HasPrefix(d, "../") || !fs.ValidPath(d):
		return "", false
	}
	return d, true
}

// extract reads a .tar.gz configuration archive into memory. An archive
// with anything but regular files and directories, or with a path that
// leaves its root, is refused whole: a link or device means something
// else on every machine that unpacks it, and half an archive would read
// as a configuration that lacks files.
func extract(archive []byte) (fstest.MapFS, error) {
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		return nil, errors.New("it is not a gzip-compressed tar archive")
	}
	tr := tar.NewReader(&cappedReader{r: gz, limit: MaxExtractedBytes})
	files := fstest.MapFS{}
	for n := 0; ; n++ {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, archiveError(err)
		}
		if n == maxArchiveEntries {
			return nil, fmt.Errorf("it has more than %d entries", maxArchiveEntries)
		}
		if h.Typeflag == tar.TypeXGlobalHeader {
			continue // metadata for the whole archive, such as git archive's commit
		}
		name, err := entryName(h.Name)
		if err != nil {
			return nil, err
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if name != "." {
				files[name] = &fstest.MapFile{Mode: fs.ModeDir | 0o555}
			}
		case tar.TypeReg:
			if name == "." {
				return nil, errors.New("it has a file as its root")
			}
			if h.Size > MaxExtractedBytes {
				return nil, fmt.Errorf("entry %q is %s", h.Name, errTooLarge(MaxExtractedBytes))
			}
			data, err := io.ReadAll(tr)
			if err != nil {
				return nil, archiveError(err)
			}
			files[name] = &fstest.MapFile{Data: data, Mode: 0o444}
		default:
			return nil, fmt.Errorf("entry %q is %s, and eksauth reads regular files and directories only", h.Name, entryKind(h.Typeflag))
		}
	}
	for name := range files {
		for p := path.Dir(name); p != "."; p = path.Dir(p) {
			if parent, ok := files[p]; ok && !parent.Mode.IsDir() {
				return nil, fmt.Errorf("entry %q is inside %q, which is a file", name, p)
			}
		}
	}
	return files, nil
}

func archiveError(err error) error {
	var big errTooLarge
	if errors.As(err, &big) {
		return fmt.Errorf("it is %s once decompressed", big)
	}
	return fmt.Errorf("it cannot be read (%s)", clip(err.Error(), 200))
}

// entryName cleans an archive entry's name, refusing one that leaves the
// archive's root. The root itself is ".".
func entryName(raw string) (string, error) {
	if strings.Contains(raw, `\`) || strings.HasPrefix(raw, "/") {
		return "", fmt.Errorf("entry %q has an absolute or Windows path", raw)
	}
	name := path.Clean(raw)
	if name == ".." || strings.HasPrefix(name, "../") {
		return "", fmt.Errorf("entry %q leaves the archive's root", raw)
	}
	if name != "." && !fs.ValidPath(name) {
		return "", fmt.Errorf("entry %q has an invalid path", raw)
	}
	return name, nil
}

func entryKind(t byte) string {
	switch t {
	case tar.TypeSymlink:
		return "a symbolic link"
	case tar.TypeLink:
		return "a hard link"
	case tar.TypeChar, tar.TypeBlock:
		return "a device"
	case tar.TypeFifo:
		return "a named pipe"
	}
	return fmt.Sprintf("of tar type %q", t)
}
