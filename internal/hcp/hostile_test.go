package hcp_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/cloud"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

// TestLookupHostileServer covers answers no real API sends but a wrong
// address, a proxy or a broken deployment can: each must end in a
// warning, never in a crash (go-tfe calls log.Fatal on unparsable
// rate-limit headers), a hang or a leaked token.
func TestLookupHostileServer(t *testing.T) {
	const token = "s3cr3t-token-value"
	page := func(current, next int) string {
		return fmt.Sprintf(`{"data": [], "meta": {"pagination": {"current-page": %d, "next-page": %d, "total-pages": 9}}}`, current, next)
	}
	tests := []struct {
		name    string
		handler http.HandlerFunc
		want    string
	}{
		{"error text echoes the token", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, `{"errors": [{"status": "403", "title": "forbidden for %s"}]}`, r.Header.Get("Authorization"))
		}, "answered 403 Forbidden while reading the workspace (forbidden for Bearer [token])"},
		{"unparsable rate-limit headers", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Limit", "lots")
			w.Header().Set("X-RateLimit-Reset", "soon")
			w.WriteHeader(http.StatusTooManyRequests)
		}, "kept answering 429 Too Many Requests while reading the workspace"},
		{"overflowing rate limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Limit", "1e999")
			w.Header().Set("X-RateLimit-Reset", "-1e999")
			w.WriteHeader(http.StatusTooManyRequests)
		}, "kept answering 429 Too Many Requests"},
		{"tiny rate limit", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-RateLimit-Limit", "0.5")
			w.WriteHeader(http.StatusServiceUnavailable)
		}, "answered 503 Service Unavailable while reading the workspace"},
		{"HTML instead of JSON", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html>login</html>")
		}, "is not what the HCP Terraform API sends"},
		{"workspace without an ID", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"data": {"type": "workspaces", "attributes": {"name": "eks-prod"}}}`)
		}, "cannot be used"},
		{"pagination pointing back", func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/workspaces/eks-prod") {
				fmt.Fprint(w, `{"data": {"id": "ws-1", "type": "workspaces", "attributes": {"name": "eks-prod"}}}`)
				return
			}
			fmt.Fprint(w, page(2, 1))
		}, "cannot be used (the answer had page 1 pointing back to page 1)"},
		{"pagination without end", func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/workspaces/eks-prod") {
				fmt.Fprint(w, `{"data": {"id": "ws-1", "type": "workspaces", "attributes": {"name": "eks-prod"}}}`)
				return
			}
			n := 1
			fmt.Sscan(r.URL.Query().Get("page[number]"), &n)
			fmt.Fprint(w, page(n, n+1))
		}, "HCP Terraform workspace acme/eks-prod not checked: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == hcptest.PingPath {
					w.WriteHeader(http.StatusNoContent)
					return
				}
				tt.handler(w, r)
			}))
			defer srv.Close()
			cfg := hcp.Config{Enabled: true, Address: srv.URL, Organization: "acme", Timeout: testTimeout}
			res := lookup(t, nil, cfg, cloud.Backend{Name: "eks-prod"}, hcptest.Env{Vars: map[string]string{"TFE_TOKEN": token, "TFE_ADDRESS": srv.URL}})
			if len(res.Workspaces) != 0 || len(res.Warnings) != 1 {
				t.Fatalf("got %+v", res)
			}
			if !strings.Contains(res.Warnings[0], tt.want) {
				t.Errorf("warning %q\nlacks %q", res.Warnings[0], tt.want)
			}
			if strings.Contains(res.Warnings[0], token) {
				t.Errorf("warning carries the token: %q", res.Warnings[0])
			}
		})
	}
}
