package hcp_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"io/fs"
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

// clusterFiles is the configuration of the workspace that creates the
// cluster: a root in a monorepo's subdirectory, with a local module
// beside it.
var clusterFiles = map[string]string{
	"clusters/prod/main.tf":   "module \"eks\" {\n  source = \"../../modules/eks\"\n}\n",
	"modules/eks/main.tf":     "resource \"aws_eks_cluster\" \"this\" {}\n",
	"clusters/prod/README.md": "prod\n",
}

// clusterServer serves the workspace acme/eks-cluster with clusterFiles as
// its current configuration.
func clusterServer(t *testing.T) (srv *hcptest.Server, wsID, cvID string) {
	t.Helper()
	srv = hcptest.New(t)
	wsID = srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-cluster", WorkingDirectory: "clusters/prod", VCSRepo: "acme/infra"})
	srv.AddVariable(wsID, hcptest.Var{Key: "cluster_name", Value: "prod"})
	srv.AddVariableSet(hcptest.VariableSet{Organization: "acme", Name: "aws", Global: true,
		Vars: []hcptest.Var{{Key: "AWS_REGION", Value: "eu-west-1", Category: "env"}}})
	cvID = srv.AddConfigurationVersion(wsID, hcptest.ConfigurationVersion{Archive: hcptest.Archive(clusterFiles)})
	return srv, wsID, cvID
}

// newReader starts a Reader against srv and closes it when t ends.
func newReader(t *testing.T, srv *hcptest.Server) *hcp.Reader {
	t.Helper()
	rd := hcp.NewReader(context.Background(), config(srv), tokenEnv(t, srv))
	t.Cleanup(rd.Close)
	return rd
}

var clusterRef = hcp.Ref{Organization: "acme", Name: "eks-cluster"}

// checkWarning fails unless w is one line, without the token, and says want.
func checkWarning(t *testing.T, srv *hcptest.Server, w, want string) {
	t.Helper()
	switch {
	case !strings.Contains(w, want):
		t.Errorf("warning %q, want it to say %q", w, want)
	case strings.Contains(w, srv.Token):
		t.Errorf("warning carries the token: %s", w)
	case strings.ContainsAny(w, "\n\r"):
		t.Errorf("warning spans lines: %q", w)
	case !strings.HasPrefix(w, "HCP Terraform workspace acme/eks-cluster not checked: "):
		t.Errorf("warning does not name the workspace first: %q", w)
	}
}

// apiRequests are the requests of srv's log other than go-tfe's ping.
func apiRequests(srv *hcptest.Server) []string {
	var out []string
	for _, l := range srv.Log() {
		if l != "GET "+hcptest.PingPath {
			out = append(out, l)
		}
	}
	return out
}

func TestReadReferencedWorkspace(t *testing.T) {
	srv, wsID, _ := clusterServer(t)
	rd := newReader(t, srv)
	src, w := rd.Read(clusterRef)
	if w != "" || src == nil {
		t.Fatalf("Read: %v, %q", src, w)
	}
	if src.Label() != "acme/eks-cluster" || src.ID != wsID || src.WorkingDirectory != "clusters/prod" || src.VCSRepo != "acme/infra" {
		t.Errorf("got %s (%s), working directory %q, repository %q", src.Label(), src.ID, src.WorkingDirectory, src.VCSRepo)
	}
	if v := src.Terraform["cluster_name"]; v.Value != "prod" || v.From != "workspace variable" {
		t.Errorf("cluster_name: %+v", v)
	}
	if v := src.Env["AWS_REGION"]; v.Value != "eu-west-1" || !strings.Contains(v.From, `"aws"`) {
		t.Errorf("AWS_REGION: %+v", v)
	}
	// Reading costs three requests; the configuration is not downloaded
	// until asked for, so a caller with the directory on disk spends none.
	if got := apiRequests(srv); len(got) != 3 {
		t.Errorf("Read made %d requests, want 3: %q", len(got), got)
	}

	cfg, w := src.Download()
	if w != "" || cfg == nil {
		t.Fatalf("Download: %v, %q", cfg, w)
	}
	if cfg.Dir != "clusters/prod" {
		t.Errorf("Dir %q", cfg.Dir)
	}
	root, err := cfg.Root()
	if err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(root, "main.tf"); err != nil || string(b) != clusterFiles["clusters/prod/main.tf"] {
		t.Errorf("main.tf: %q, %v", b, err)
	}
	// The local module the root calls, outside its working directory.
	if b, err := fs.ReadFile(cfg.Files, "modules/eks/main.tf"); err != nil || string(b) != clusterFiles["modules/eks/main.tf"] {
		t.Errorf("modules/eks/main.tf: %q, %v", b, err)
	}
	if _, err := fs.Stat(cfg.Files, "../etc"); err == nil {
		t.Error("the configuration reaches outside itself")
	}

	// Read, variables, variable sets, download: at most four for the
	// workspace, plus the one ping the reader's client costs.
	if _, w := src.Download(); w != "" {
		t.Fatal(w)
	}
	if got := apiRequests(srv); len(got) != 4 {
		t.Errorf("the workspace cost %d requests, want at most 4: %q", len(got), got)
	}
	if srv.Pings() != 1 {
		t.Errorf("%d pings", srv.Pings())
	}
}

// TestReaderConnectsOnce: several referenced workspaces share the
// reader's client and so its one ping.
func TestReaderConnectsOnce(t *testing.T) {
	srv, _, _ := clusterServer(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "other", Name: "network"})
	rd := newReader(t, srv)
	for _, ref := range []hcp.Ref{clusterRef, {Organization: "other", Name: "network"}} {
		src, w := rd.Read(ref)
		if w != "" || src.Organization != ref.Organization || src.Name != ref.Name {
			t.Errorf("Read(%+v): %+v, %q", ref, src, w)
		}
	}
	if srv.Pings() != 1 || len(apiRequests(srv)) != 6 {
		t.Errorf("%d pings, requests %q", srv.Pings(), apiRequests(srv))
	}
}

func TestDownloadRedirect(t *testing.T) {
	t.Run("same host", func(t *testing.T) {
		srv, _, cvID := clusterServer(t)
		srv.RedirectDownload(cvID, srv.URL+hcptest.ArchivePath(cvID))
		src, w := newReader(t, srv).Read(clusterRef)
		if w != "" {
			t.Fatal(w)
		}
		if cfg, w := src.Download(); w != "" || cfg.Dir != "clusters/prod" {
			t.Fatalf("Download: %+v, %q", cfg, w)
		}
		log := srv.Log()
		if last := log[len(log)-1]; last != "GET "+hcptest.ArchivePath(cvID) {
			t.Errorf("the redirect was not followed: %q", log)
		}
	})
	t.Run("other host", func(t *testing.T) {
		srv, _, cvID := clusterServer(t)
		// Another port of the same address: Go's client would keep the
		// Authorization header, since it compares host names only.
		store := hcptest.NewArchiveHost(t)
		srv.RedirectDownload(cvID, store.Put("/signed/archive.tar.gz", hcptest.Archive(clusterFiles)))
		src, w := newReader(t, srv).Read(clusterRef)
		if w != "" {
			t.Fatal(w)
		}
		cfg, w := src.Download()
		if w != "" {
			t.Fatalf("Download: %q", w)
		}
		if _, err := fs.Stat(cfg.Files, "clusters/prod/main.tf"); err != nil {
			t.Error(err)
		}
		if got := store.Authorizations(); len(got) != 1 || got[0] != "" {
			t.Errorf("the archive host got Authorization %q, want one request without it", got)
		}
	})
	t.Run("loop", func(t *testing.T) {
		srv, _, cvID := clusterServer(t)
		srv.RedirectDownload(cvID, srv.URL+hcptest.DownloadPath(cvID))
		src, w := newReader(t, srv).Read(clusterRef)
		if w != "" {
			t.Fatal(w)
		}
		_, w = src.Download()
		checkWarning(t, srv, w, "redirects")
		if n := len(apiRequests(srv)); n > 3+4 {
			t.Errorf("%d requests for a redirect loop", n)
		}
	})
}

func TestReadReferencedWorkspaceFails(t *testing.T) {
	srv, _, cvID := clusterServer(t)

	src, w := newReader(t, srv).Read(hcp.Ref{Organization: "acme", Name: "missing"})
	if src != nil || !strings.Contains(w, "acme/missing not checked: ") || !strings.Contains(w, "404 Not Found while reading the workspace") {
		t.Errorf("missing workspace: %v, %q", src, w)
	}

	srv.Fail(hcptest.DownloadPath(cvID), hcptest.Status(404))
	src, w = newReader(t, srv).Read(clusterRef)
	if w != "" {
		t.Fatal(w)
	}
	cfg, w := src.Download()
	if cfg != nil {
		t.Error("a configuration from a failed download")
	}
	checkWarning(t, srv, w, "404 Not Found while downloading its configuration")

	env := tokenEnv(t, srv)
	env.Vars["TFE_TOKEN"] = "wrong"
	rd := hcp.NewReader(context.Background(), config(srv), env)
	defer rd.Close()
	_, w = rd.Read(clusterRef)
	checkWarning(t, srv, w, "401 Unauthorized")
}

func TestDownloadTimeout(t *testing.T) {
	srv, _, cvID := clusterServer(t)
	srv.Fail(hcptest.DownloadPath(cvID), hcptest.Hang)
	src, w := newReader(t, srv).Read(clusterRef)
	if w != "" {
		t.Fatal(w)
	}
	_, w = src.Download()
	checkWarning(t, srv, w, "no answer from "+srv.URL+" within the hcp_terraform timeout")
}

// TestReadOtherHost: the configuration chooses the host a reference
// reads from; the token only ever goes to the configured address.
func TestReadOtherHost(t *testing.T) {
	srv, _, _ := clusterServer(t)
	rd := newReader(t, srv)
	ref := clusterRef
	ref.Host = "tfe.attacker.example"
	src, w := rd.Read(ref)
	if src != nil {
		t.Error("read a workspace on another host")
	}
	checkWarning(t, srv, w, "reads it from tfe.attacker.example, but eksauth sends its API token only to the hcp_terraform address "+srv.URL)
	if srv.Requests() != 0 {
		t.Errorf("requests: %q", srv.Log())
	}

	ref.Host = strings.TrimPrefix(srv.URL, "http://")
	if src, w := rd.Read(ref); src == nil || w != "" {
		t.Errorf("the configured host named explicitly: %v, %q", src, w)
	}
}

func TestReaderDisabled(t *testing.T) {
	srv, _, _ := clusterServer(t)
	cfg := config(srv)
	cfg.Enabled = false
	rd := hcp.NewReader(context.Background(), cfg, tokenEnv(t, srv))
	defer rd.Close()
	if src, w := rd.Read(clusterRef); src != nil || w != "" || srv.Requests() != 0 {
		t.Errorf("disabled: %v, %q, %d requests", src, w, srv.Requests())
	}
}

// TestDownloadWithoutCurrentVersion: a server that does not name the
// current configuration version costs one listing, and a version for a
// speculative plan is not taken for the workspace's configuration.
func TestDownloadWithoutCurrentVersion(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-cluster", NoCurrentConfigurationVersion: true})
	srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: hcptest.Archive(map[string]string{"main.tf": "applied"})})
	srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: hcptest.Archive(map[string]string{"main.tf": "plan only"}), Speculative: true})
	srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: hcptest.Archive(map[string]string{"main.tf": "broken"}), Status: "errored"})
	src, w := newReader(t, srv).Read(clusterRef)
	if w != "" {
		t.Fatal(w)
	}
	cfg, w := src.Download()
	if w != "" {
		t.Fatal(w)
	}
	if b, _ := fs.ReadFile(cfg.Files, "main.tf"); string(b) != "applied" {
		t.Errorf("main.tf %q, want the applied version", b)
	}
	if cfg.Dir != "." {
		t.Errorf("Dir %q", cfg.Dir)
	}
	if got := apiRequests(srv); len(got) != 5 {
		t.Errorf("requests %q", got)
	}
}

// entry is one tar header and its content.
type entry struct {
	hdr  tar.Header
	body string
}

func file(name, body string) entry {
	return entry{tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644, Size: int64(len(body))}, body}
}

func tarGz(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		h := e.hdr
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(e.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDownloadRefusesArchive: an archive over its bounds, or with what
// would mean something else unpacked, is refused whole with a warning.
func TestDownloadRefusesArchive(t *testing.T) {
	random := make([]byte, hcp.MaxArchiveBytes+1)
	if _, err := rand.Read(random); err != nil {
		t.Fatal(err)
	}
	main := file("main.tf", "terraform {}\n")
	tests := []struct {
		name    string
		archive []byte
		want    string
	}{
		{"over the size limit", random, "is larger than 10 MB, more than eksauth reads"},
		{"over the size limit once decompressed", tarGz(t, main, file("zeros.tf", strings.Repeat("\x00", hcp.MaxExtractedBytes))),
			"refused: it is larger than 50 MB once decompressed"},
		{"not gzip", []byte("<html>sign in</html>"), "refused: it is not a gzip-compressed tar archive"},
		{"truncated", tarGz(t, main)[:40], "refused: it cannot be read"},
		{"parent entry", tarGz(t, main, file("../escape.tf", "x")), `refused: entry "../escape.tf" leaves the archive's root`},
		{"nested parent entry", tarGz(t, main, file("a/../../escape.tf", "x")), "leaves the archive's root"},
		{"absolute entry", tarGz(t, main, file("/etc/passwd", "x")), "has an absolute or Windows path"},
		{"windows entry", tarGz(t, main, file(`..\escape.tf`, "x")), "has an absolute or Windows path"},
		{"symlink", tarGz(t, main, entry{hdr: tar.Header{Typeflag: tar.TypeSymlink, Name: "secrets.tf", Linkname: "/etc/shadow"}}),
			`entry "secrets.tf" is a symbolic link, and eksauth reads regular files and directories only`},
		{"hard link", tarGz(t, main, entry{hdr: tar.Header{Typeflag: tar.TypeLink, Name: "copy.tf", Linkname: "main.tf"}}), "is a hard link"},
		{"device", tarGz(t, main, entry{hdr: tar.Header{Typeflag: tar.TypeChar, Name: "zero", Devmajor: 1, Devminor: 5}}), `entry "zero" is a device`},
		{"fifo", tarGz(t, main, entry{hdr: tar.Header{Typeflag: tar.TypeFifo, Name: "pipe"}}), "is a named pipe"},
		{"file as a directory", tarGz(t, file("modules", "x"), file("modules/eks/main.tf", "x")), `inside "modules", which is a file`},
		{"no working directory", tarGz(t, main), `has no working directory "clusters/prod"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := hcptest.New(t)
			id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-cluster", WorkingDirectory: "clusters/prod"})
			srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: tt.archive})
			src, w := newReader(t, srv).Read(clusterRef)
			if w != "" {
				t.Fatal(w)
			}
			cfg, w := src.Download()
			if cfg != nil {
				t.Errorf("got a configuration: %v", cfg)
			}
			checkWarning(t, srv, w, tt.want)
		})
	}
}

func TestReadRefusesEscapingWorkingDirectory(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-cluster", WorkingDirectory: "../../outside"})
	src, w := newReader(t, srv).Read(clusterRef)
	if src != nil {
		t.Errorf("got %+v", src)
	}
	checkWarning(t, srv, w, `its working directory "../../outside" leaves its configuration`)
}
