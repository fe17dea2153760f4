package hcptest

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

// ConfigurationVersionPath is the path that reads one configuration version.
func ConfigurationVersionPath(cvID string) string { return "/api/v2/configuration-versions/" + cvID }

// DownloadPath is the path that downloads a configuration version's archive.
func DownloadPath(cvID string) string { return ConfigurationVersionPath(cvID) + "/download" }

// ConfigurationVersionsPath is the path that lists a workspace's
// configuration versions.
func ConfigurationVersionsPath(workspaceID string) string {
	return "/api/v2/workspaces/" + workspaceID + "/configuration-versions"
}

// ArchivePath is where the fake serves a configuration version's archive
// to a client it redirected there, as HCP Terraform serves archives from
// signed URLs: without asking for the token.
func ArchivePath(cvID string) string { return "/_archive/" + cvID }

// ConfigurationVersion describes a configuration version to add.
type ConfigurationVersion struct {
	// Archive is the .tar.gz the download answers with.
	Archive []byte
	// Status is "uploaded" (the default), "pending", "errored", ...
	Status string
	// Speculative marks a version uploaded for a plan only run.
	Speculative bool
	// NotCurrent adds the version without making it the workspace's
	// current one.
	NotCurrent bool
}

type configVersion struct {
	ConfigurationVersion
	id       string
	ws       *workspace
	redirect string
}

// AddConfigurationVersion adds a configuration version to the workspace
// with the given ID, makes it the workspace's current one unless
// cv.NotCurrent, and returns its ID.
func (s *Server) AddConfigurationVersion(workspaceID string, cv ConfigurationVersion) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ws := s.workspaceByID(workspaceID)
	if ws == nil {
		panic("hcptest: AddConfigurationVersion: no workspace " + workspaceID)
	}
	if cv.Status == "" {
		cv.Status = "uploaded"
	}
	c := &configVersion{ConfigurationVersion: cv, id: s.newID("cv"), ws: ws}
	// Newest first, as the API lists them.
	ws.configVersions = append([]*configVersion{c}, ws.configVersions...)
	if !cv.NotCurrent {
		ws.current = c
	}
	return c.id
}

// RedirectDownload makes the download of a configuration version answer
// 302 Found with Location: to, as HCP Terraform answers with the archive's
// signed URL. Point to at ArchivePath(cvID) on the fake itself, or at an
// ArchiveHost.
func (s *Server) RedirectDownload(cvID, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.configVersion(cvID)
	if c == nil {
		panic("hcptest: RedirectDownload: no configuration version " + cvID)
	}
	c.redirect = to
}

func (s *Server) configVersion(id string) *configVersion {
	for _, ws := range s.workspaces {
		for _, c := range ws.configVersions {
			if c.id == id {
				return c
			}
		}
	}
	return nil
}

// serveArchive answers ArchivePath requests, which carry no token. It
// reports false for any other path. s.mu is held.
func (s *Server) serveArchive(w http.ResponseWriter, r *http.Request) bool {
	id, ok := strings.CutPrefix(r.URL.Path, ArchivePath(""))
	if !ok {
		return false
	}
	c := s.configVersion(id)
	if c == nil {
		writeError(w, http.StatusNotFound)
		return true
	}
	writeArchive(w, c.Archive)
	return true
}

// download answers DownloadPath: the archive, or a redirect to it.
func (s *Server) download(w http.ResponseWriter, r *http.Request, cvID string) bool {
	c := s.configVersion(cvID)
	if c == nil {
		return false
	}
	if c.redirect != "" {
		http.Redirect(w, r, c.redirect, http.StatusFound)
		return true
	}
	writeArchive(w, c.Archive)
	return true
}

func writeArchive(w http.ResponseWriter, archive []byte) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(archive)
}

func (s *Server) readConfigVersion(cvID string) any {
	c := s.configVersion(cvID)
	if c == nil {
		return nil
	}
	return obj{"data": configVersionResource(c)}
}

func (s *Server) listConfigVersions(wsID string, q url.Values) any {
	ws := s.workspaceByID(wsID)
	if ws == nil {
		return nil
	}
	page, meta := s.paginate(len(ws.configVersions), q)
	data := []obj{}
	for _, c := range ws.configVersions[page[0]:page[1]] {
		data = append(data, configVersionResource(c))
	}
	return obj{"data": data, "meta": meta}
}

func configVersionResource(c *configVersion) obj {
	return obj{
		"id":   c.id,
		"type": "configuration-versions",
		"attributes": obj{
			"auto-queue-runs":   true,
			"error":             nil,
			"error-message":     nil,
			"source":            "tfe-api",
			"speculative":       c.Speculative,
			"provisional":       false,
			"status":            c.Status,
			"status-timestamps": obj{},
			"changed-files":     []string{},
		},
		"relationships": obj{
			"ingress-attributes": obj{"data": nil},
		},
		"links": obj{
			"self":     ConfigurationVersionPath(c.id),
			"download": DownloadPath(c.id),
		},
	}
}

// ArchiveHost is a second server, on another port, that serves archives
// the fake redirects to, as an object store would. It records the
// Authorization header of every request, so a test can check that no
// token followed the redirect.
type ArchiveHost struct {
	// URL is http://127.0.0.1:PORT.
	URL string

	mu    sync.Mutex
	files map[string][]byte
	auth  []string
}

// NewArchiveHost starts an ArchiveHost and closes it when t ends.
func NewArchiveHost(t testing.TB) *ArchiveHost {
	t.Helper()
	h := &ArchiveHost{files: map[string][]byte{}}
	srv := httptest.NewServer(http.HandlerFunc(h.serve))
	h.URL = srv.URL
	t.Cleanup(srv.Close)
	return h
}

// Put serves data at path (which starts with "/") and returns its URL.
func (h *ArchiveHost) Put(path string, data []byte) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.files[path] = data
	return h.URL + path
}

// Authorizations lists the Authorization header of every request received,
// "" for a request without one.
func (h *ArchiveHost) Authorizations() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.auth...)
}

func (h *ArchiveHost) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.auth = append(h.auth, r.Header.Get("Authorization"))
	data, ok := h.files[r.URL.Path]
	h.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	writeArchive(w, data)
}

// Archive packs files (path → content) into a .tar.gz as HCP Terraform
// stores a configuration: regular files and their directories, paths
// relative to the root.
func Archive(files map[string]string) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	dirs := map[string]bool{}
	for _, n := range names {
		for i := range len(n) {
			if n[i] == '/' && !dirs[n[:i+1]] {
				dirs[n[:i+1]] = true
				mustWrite(tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: n[:i+1], Mode: 0o755}))
			}
		}
		mustWrite(tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: n, Mode: 0o644, Size: int64(len(files[n]))}))
		_, err := tw.Write([]byte(files[n]))
		mustWrite(err)
	}
	mustWrite(tw.Close())
	mustWrite(gz.Close())
	return buf.Bytes()
}

func mustWrite(err error) {
	if err != nil {
		panic("hcptest: Archive: " + err.Error())
	}
}
