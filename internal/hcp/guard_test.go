package hcp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

// logServer answers everything with 404 and remembers each request's
// Authorization header.
type logServer struct {
	*httptest.Server
	mu   sync.Mutex
	auth []string
}

func newLogServer(t *testing.T) *logServer {
	l := &logServer{}
	l.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.auth = append(l.auth, r.Header.Get("Authorization"))
		l.mu.Unlock()
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(l.Close)
	return l
}

func (l *logServer) authorizations() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, a := range l.auth {
		if a != "" {
			out = append(out, a)
		}
	}
	return out
}

// A redirect to another port of the same host is another origin: it is
// not followed, and the token does not go there.
func TestLookupRedirectToAnotherOrigin(t *testing.T) {
	other := newLogServer(t)
	for _, target := range []string{other.URL, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)} {
		srv := hcptest.New(t)
		srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
		front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == hcptest.PingPath {
				w.WriteHeader(http.StatusNoContent)
				return
			}
			http.Redirect(w, r, target+r.URL.RequestURI(), http.StatusTemporaryRedirect)
		}))
		defer front.Close()
		cfg := hcp.Config{Enabled: true, Address: front.URL, Organization: "acme", Timeout: testTimeout}
		env := hcptest.Env{Vars: map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": front.URL}}
		res := lookup(t, srv, cfg, cloud.Backend{Name: "eks-prod"}, env)
		if len(res.Workspaces) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "redirected to another host") {
			t.Errorf("redirect to %s: got %+v", target, res)
		}
	}
	if a := other.authorizations(); len(a) != 0 {
		t.Errorf("the redirect target received Authorization headers: %q", a)
	}
}

// A token goes only to the host it belongs to: TFE_TOKEN to TFE_ADDRESS's
// host, never to the host a backend block or the plugin block names.
func TestLookupTokenStaysWithItsHost(t *testing.T) {
	srv := hcptest.New(t)
	srv.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
	other := newLogServer(t)
	for _, tt := range []struct {
		name string
		cfg  hcp.Config
		b    cloud.Backend
		env  map[string]string
	}{
		{"plugin address", hcp.Config{Address: other.URL}, cloud.Backend{}, map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": srv.URL}},
		{"cloud hostname", hcp.Config{}, cloud.Backend{Kind: "cloud", Hostname: strings.TrimPrefix(other.URL, "http://")}, map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": srv.URL}},
		{"TFE_TOKEN without TFE_ADDRESS", hcp.Config{Address: other.URL}, cloud.Backend{}, map[string]string{"TFE_TOKEN": srv.Token}},
		{"localhost is another host than 127.0.0.1", hcp.Config{Address: strings.Replace(other.URL, "127.0.0.1", "localhost", 1)}, cloud.Backend{}, map[string]string{"TFE_TOKEN": srv.Token, "TFE_ADDRESS": srv.URL}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Enabled, tt.cfg.Organization, tt.cfg.Timeout = true, "acme", testTimeout
			tt.b.Name = "eks-prod"
			res := lookup(t, srv, tt.cfg, tt.b, hcptest.Env{Vars: tt.env, Home: t.TempDir()})
			if len(res.Workspaces) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "no API token for") {
				t.Errorf("got %+v", res)
			}
		})
	}
	if a := other.authorizations(); len(a) != 0 {
		t.Errorf("another host received Authorization headers: %q", a)
	}
}

// What the lookup refuses before any request: a scheme where Terraform
// takes a bare host, and plain http to a host that is not this machine.
func TestLookupRefusedAddresses(t *testing.T) {
	env := hcptest.Env{Vars: map[string]string{"TFE_TOKEN": "tfe-token-value", "TFE_ADDRESS": "https://app.terraform.io", "TF_TOKEN_tfe_example_com": "x"}}
	for _, tt := range []struct {
		name string
		cfg  hcp.Config
		b    cloud.Backend
		want string
	}{
		{"scheme in cloud hostname", hcp.Config{}, cloud.Backend{Kind: "cloud", Hostname: "http://127.0.0.1:1"}, `the cloud block's hostname = "http://127.0.0.1:1" is not a bare host name`},
		{"path in remote hostname", hcp.Config{}, cloud.Backend{Kind: "remote", Hostname: "tfe.example.com/api"}, "is not a bare host name"},
		{"plain http", hcp.Config{Address: "http://tfe.example.com"}, cloud.Backend{}, "plain http to a host that is not this machine"},
		{"invalid host", hcp.Config{Address: "https://bad_host.example"}, cloud.Backend{}, "is not a valid DNS name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Enabled, tt.cfg.Organization, tt.cfg.Timeout = true, "acme", testTimeout
			tt.b.Name = "eks-prod"
			res := hcp.Lookup(t.Context(), tt.cfg, tt.b, env)
			if len(res.Workspaces) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], tt.want) {
				t.Errorf("got %+v, want one warning with %q", res, tt.want)
			}
		})
	}
}

// An answer past the size limit fails the workspace, however large.
func TestLookupHugeAnswer(t *testing.T) {
	const token = "hcptest.huge-answer-token"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == hcptest.PingPath {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.api+json")
		fmt.Fprint(w, `{"data": {"id": "ws-1", "type": "workspaces", "attributes": {"name": "`)
		// 1 GiB of name, written without holding it.
		chunk := strings.Repeat("x", 1<<20)
		for range 1 << 10 {
			if _, err := io.WriteString(w, chunk); err != nil {
				return
			}
		}
		fmt.Fprint(w, `"}}}`)
	}))
	defer srv.Close()
	cfg := hcp.Config{Enabled: true, Address: srv.URL, Organization: "acme", Timeout: testTimeout}
	res := lookup(t, nil, cfg, cloud.Backend{Name: "eks-prod"}, hcptest.Env{Vars: map[string]string{"TFE_TOKEN": token, "TFE_ADDRESS": srv.URL}})
	if len(res.Workspaces) != 0 || len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "was larger than 8 MiB") {
		t.Errorf("got %+v", res)
	}
}

func TestNewHTTPClient(t *testing.T) {
	srv := newLogServer(t)
	origin, _, err := hcp.ParseOrigin(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := hcp.NewHTTPClient(origin, "bound-token", hcp.ClientOptions{})
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x", nil)
	req.Header.Set("Authorization", "Bearer caller-set")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, err := c.Get(strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/x"); err == nil || !strings.Contains(err.Error(), "talks only to") {
		t.Errorf("request to another origin: err = %v", err)
	}
	if got := srv.authorizations(); len(got) != 1 || got[0] != "Bearer bound-token" {
		t.Errorf("Authorization headers received: %q", got)
	}
}

func TestNormalizeHost(t *testing.T) {
	for _, tt := range []struct{ in, scheme, want string }{
		{"App.Terraform.IO", "https", "app.terraform.io"},
		{"app.terraform.io.", "https", "app.terraform.io"},
		{"app.terraform.io:443", "https", "app.terraform.io"},
		{"app.terraform.io:443", "http", "app.terraform.io:443"},
		{"\uff41pp.terraform.io", "https", "app.terraform.io"},
		{"\u0430pp.terraform.io", "https", "xn--pp-6kc.terraform.io"},
		{"B\u00fccher.example:8443", "", "xn--bcher-kva.example:8443"},
		{"[::1]:8080", "http", "[::1]:8080"},
	} {
		got, err := hcp.NormalizeHost(tt.in, tt.scheme)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeHost(%q, %q) = %q, %v; want %q", tt.in, tt.scheme, got, err, tt.want)
		}
	}
}
