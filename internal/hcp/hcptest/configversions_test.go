package hcptest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

func TestConfigurationVersions(t *testing.T) {
	srv := hcptest.New(t)
	id := srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-cluster", WorkingDirectory: "clusters/prod", VCSRepo: "acme/infra"})
	archive := hcptest.Archive(map[string]string{"clusters/prod/main.tf": "terraform {}\n"})
	cv := srv.AddConfigurationVersion(id, hcptest.ConfigurationVersion{Archive: archive})

	_, doc := get(t, srv, hcptest.WorkspacePath("acme", "eks-cluster"), srv.Token)
	data := doc["data"].(map[string]any)
	attrs := data["attributes"].(map[string]any)
	current := data["relationships"].(map[string]any)["current-configuration-version"].(map[string]any)["data"].(map[string]any)
	if attrs["working-directory"] != "clusters/prod" || attrs["vcs-repo"].(map[string]any)["identifier"] != "acme/infra" || current["id"] != cv {
		t.Errorf("workspace: %v, current %v", attrs, current)
	}

	download := func(path, token string) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultTransport.RoundTrip(req) // no redirects followed
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, b := download(hcptest.DownloadPath(cv), srv.Token); code != 200 || string(b) != string(archive) {
		t.Errorf("download: %d, %d bytes", code, len(b))
	}
	if code, _ := download(hcptest.DownloadPath(cv), ""); code != 401 {
		t.Errorf("download without the token: %d", code)
	}
	srv.RedirectDownload(cv, srv.URL+hcptest.ArchivePath(cv))
	if code, _ := download(hcptest.DownloadPath(cv), srv.Token); code != http.StatusFound {
		t.Errorf("redirected download: %d", code)
	}
	// The archive's location, like a signed URL, needs no token.
	if code, b := download(hcptest.ArchivePath(cv), ""); code != 200 || string(b) != string(archive) {
		t.Errorf("archive: %d, %d bytes", code, len(b))
	}

	store := hcptest.NewArchiveHost(t)
	u := store.Put("/a.tar.gz", archive)
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := store.Authorizations(); resp.StatusCode != 200 || len(got) != 1 || got[0] != "" {
		t.Errorf("archive host: %d, %q", resp.StatusCode, got)
	}
}
