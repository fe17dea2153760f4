package hcp

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

func TestRedirects(t *testing.T) {
	origin := Origin{Scheme: "https", Host: "app.terraform.io"}
	client := NewHTTPClient(origin, "secret", ClientOptions{})
	req := func(ctx context.Context, u string) *http.Request {
		r, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	api := context.Background()
	archive := forArchive(api)
	from := req(api, "https://app.terraform.io/api/v2/configuration-versions/cv-1/download")
	tests := []struct {
		ctx  context.Context
		to   string
		via  int
		fail bool
	}{
		{archive, "https://archivist.terraform.io/v1/object/x", 1, false},
		{archive, "https://app.terraform.io/v1/object/x", 1, false},
		{api, "https://app.terraform.io/api/v2/other", 1, false},
		{api, "https://archivist.terraform.io/v1/object/x", 1, true},    // an API answer comes from the origin only
		{archive, "http://archivist.terraform.io/v1/object/x", 1, true}, // no downgrade
		{archive, "http://app.terraform.io/v1/object/x", 1, true},
		{archive, "ftp://archivist.terraform.io/x", 1, true},
		{archive, "https://archivist.terraform.io/v1/object/x", maxRedirects, true},
	}
	for _, tt := range tests {
		via := make([]*http.Request, tt.via)
		for i := range via {
			via[i] = from
		}
		if err := client.CheckRedirect(req(tt.ctx, tt.to), via); (err != nil) != tt.fail {
			t.Errorf("%s after %d: %v", tt.to, tt.via, err)
		}
	}
}

func TestOriginOf(t *testing.T) {
	api := Origin{Scheme: "https", Host: "tfe.example.com"}
	for u, want := range map[string]bool{
		"https://tfe.example.com/api/v2/x":     true,
		"https://TFE.example.com.:443/x":       true,
		"http://tfe.example.com/x":             false, // scheme
		"https://tfe.example.com:8443/x":       false, // port
		"https://archive.tfe.example.com/x":    false, // subdomain, which Go's client trusts
		"https://tfe.example.com.evil.test/x":  false,
		"https://archivist.terraform.io/x?a=b": false,
	} {
		p, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := originOf(p); (ok && got == api) != want {
			t.Errorf("originOf(%s) = %v, want it the same as %v: %v", u, got, api, want)
		}
	}
	for host, want := range map[string]bool{
		"tfe.example.com":       true,
		"TFE.example.com.":      true,
		"tfe.example.com:8443":  false,
		"user@tfe.example.com":  false,
		"tfe.example.com/path":  false,
		"app.terraform.io":      false,
		"tfe.example.com.evil.": false,
	} {
		if got := sameHost(host, "tfe.example.com"); got != want {
			t.Errorf("sameHost(%q) = %v", host, got)
		}
	}
}

func TestCleanDir(t *testing.T) {
	for dir, want := range map[string]string{
		"":                "",
		"/":               "",
		".":               "",
		"clusters/prod":   "clusters/prod",
		"clusters/prod/":  "clusters/prod",
		"/clusters/prod":  "clusters/prod",
		"./a/../clusters": "clusters",
		"..":              "!",
		"../x":            "!",
		"a/../../x":       "!",
		`a\..\..\x`:       "!",
	} {
		got, ok := cleanDir(dir)
		if !ok {
			got = "!"
		}
		if got != want {
			t.Errorf("cleanDir(%q) = %q", dir, got)
		}
	}
}
