package hcp

import (
	"net/http"
	"net/url"
	"testing"
)

func TestCheckRedirect(t *testing.T) {
	req := func(u string) *http.Request {
		r, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	api := req("https://app.terraform.io/api/v2/configuration-versions/cv-1/download")
	tests := []struct {
		to   string
		via  int
		fail bool
	}{
		{"https://archivist.terraform.io/v1/object/x", 1, false},
		{"http://archivist.terraform.io/v1/object/x", 1, true}, // no downgrade
		{"ftp://archivist.terraform.io/x", 1, true},
		{"https://archivist.terraform.io/v1/object/x", maxRedirects + 1, true},
	}
	for _, tt := range tests {
		via := make([]*http.Request, tt.via)
		for i := range via {
			via[i] = api
		}
		if err := checkRedirect(req(tt.to), via); (err != nil) != tt.fail {
			t.Errorf("%s after %d: %v", tt.to, tt.via, err)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	api, _ := url.Parse("https://tfe.example.com")
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
		if got := sameOrigin(p, api); got != want {
			t.Errorf("sameOrigin(%s) = %v", u, got)
		}
	}
	for host, want := range map[string]bool{
		"tfe.example.com":       true,
		"TFE.example.com.":      true,
		"tfe.example.com:443":   true,
		"tfe.example.com:8443":  false,
		"user@tfe.example.com":  false,
		"tfe.example.com/path":  false,
		"app.terraform.io":      false,
		"tfe.example.com.evil.": false,
	} {
		if got := sameHost(host, "https://tfe.example.com"); got != want {
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
