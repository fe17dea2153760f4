package hcp_test

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eksauth/tflint-ruleset-eksauth/internal/e2e"
	"github.com/eksauth/tflint-ruleset-eksauth/internal/hcp/hcptest"
)

// netPath stands for the network between tflint and the hosts it may
// reach: tflint runs with HTTPS_PROXY and HTTP_PROXY pointed at it, and it
// answers for every host, logging what each was sent. CONNECT tunnels are
// opened with a certificate for the requested host from a CA that tflint
// trusts through SSL_CERT_FILE, so the log sees inside https too.
// Requests for the host named api are passed to the fake API; a redirect
// host answers with a redirect; anything else answers 404.
type netPath struct {
	t      *testing.T
	api    string // host whose requests go to the fake API
	fake   *hcptest.Server
	caFile string
	ca     *x509.Certificate
	caKey  *ecdsa.PrivateKey
	srv    *httptest.Server
	// redirect, when set, makes api's workspace read redirect there.
	redirect string

	mu  sync.Mutex
	log []seen
}

type seen struct{ host, path, auth string }

func newNetPath(t *testing.T, api string, fake *hcptest.Server) *netPath {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "eksauth test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(der)
	n := &netPath{t: t, api: api, fake: fake, ca: ca, caKey: key, caFile: filepath.Join(t.TempDir(), "ca.pem")}
	write(t, n.caFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	n.srv = httptest.NewServer(http.HandlerFunc(n.serveProxy))
	t.Cleanup(n.srv.Close)
	return n
}

// env points a tflint run at the path.
func (n *netPath) env() map[string]string {
	return map[string]string{"HTTPS_PROXY": n.srv.URL, "HTTP_PROXY": n.srv.URL, "SSL_CERT_FILE": n.caFile}
}

func (n *netPath) record(host, path, auth string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.log = append(n.log, seen{host, path, auth})
}

// sent lists what reached host: its paths, with "+auth" when the request
// carried an Authorization header.
func (n *netPath) sent(host string) []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	var out []string
	for _, s := range n.log {
		if s.host == host {
			e := s.path
			if s.auth != "" {
				e += "+auth"
			}
			out = append(out, e)
		}
	}
	return out
}

func (n *netPath) serveProxy(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodConnect {
		// Plain http through the proxy: log and refuse.
		n.record(r.URL.Host, r.URL.Path, r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusNotFound)
		return
	}
	host, _, _ := net.SplitHostPort(r.Host)
	n.record(host, "CONNECT", r.Header.Get("Authorization"))
	conn, rw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	_, _ = rw.WriteString("HTTP/1.1 200 Connection established\r\n\r\n")
	_ = rw.Flush()
	tconn := tls.Server(&bufConn{Conn: conn, r: rw.Reader}, &tls.Config{GetCertificate: n.certFor})
	inner := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.serveHost(host, w, r) })}
	go func() { _ = inner.Serve(&oneConn{conn: tconn}) }()
}

func (n *netPath) serveHost(host string, w http.ResponseWriter, r *http.Request) {
	n.record(host, r.URL.Path, r.Header.Get("Authorization"))
	switch {
	case host != n.api:
		w.WriteHeader(http.StatusNotFound)
	case n.redirect != "" && r.URL.Path != hcptest.PingPath:
		http.Redirect(w, r, n.redirect+r.URL.RequestURI(), http.StatusTemporaryRedirect)
	default:
		u, _ := url.Parse(n.fake.URL)
		httputil.NewSingleHostReverseProxy(u).ServeHTTP(w, r)
	}
}

func (n *netPath) certFor(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: hello.ServerName},
		DNSNames: []string{hello.ServerName}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, n.ca, &key.PublicKey, n.caKey)
	if err != nil {
		return nil, err
	}
	return &tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

type bufConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *bufConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// oneConn is a listener that hands out one connection.
type oneConn struct {
	mu   sync.Mutex
	conn net.Conn
	done chan struct{}
}

func (l *oneConn) Accept() (net.Conn, error) {
	l.mu.Lock()
	c := l.conn
	l.conn = nil
	if l.done == nil {
		l.done = make(chan struct{})
	}
	done := l.done
	l.mu.Unlock()
	if c != nil {
		return c, nil
	}
	<-done
	return nil, net.ErrClosed
}

func (l *oneConn) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.done != nil {
		select {
		case <-l.done:
		default:
			close(l.done)
		}
	}
	return nil
}

func (l *oneConn) Addr() net.Addr { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)} }

// storyOn writes the story with the cloud block's hostname set (none for
// "") and the plugin's own hcp_terraform block.
func storyOn(t *testing.T, hostname, pluginBlock string) string {
	dir := t.TempDir()
	tf := story
	if hostname != "" {
		tf = strings.Replace(tf, `organization = "acme"`, "hostname     = \""+hostname+"\"\n    organization = \"acme\"", 1)
	}
	write(t, filepath.Join(dir, "main.tf"), tf)
	write(t, filepath.Join(dir, "terraform.tfvars"), `role_arn = "`+laptop+`"`+"\n")
	write(t, filepath.Join(dir, ".tflint.hcl"), "plugin \"terraform\" {\n  enabled = false\n}\nplugin \"eksauth\" {\n  enabled = true\n  hcp_terraform {\n    enabled = true\n    timeout = \"5s\"\n"+pluginBlock+"  }\n}\nrule \"eksauth_identity_mismatch\" {\n  enabled = false\n}\n")
	return dir
}

// TestTokenOnTheNetworkPath runs the real tflint against hosts reached
// through the path, each with the tokens a CI job holds, and looks at what
// every host was sent.
func TestTokenOnTheNetworkPath(t *testing.T) {
	for _, tt := range []struct {
		name, hostname, plugin string
		extraEnv               map[string]string
		redirect               string
		// wantAPI: the API host was read with the token and the story's
		// finding came out; otherwise one warning containing want.
		wantAPI bool
		want    string
	}{
		{name: "token for its own host", wantAPI: true},
		{name: "cloud hostname of another host", hostname: "other.example", want: "no API token for other.example"},
		{name: "plugin address of another host", plugin: "    address = \"https://other.example\"\n", want: "no API token for other.example"},
		{name: "look-alike Unicode host", hostname: "\u0430pp.terraform.io", want: "no API token for xn--pp-6kc.terraform.io"},
		{name: "scheme in the cloud hostname", hostname: "http://app.terraform.io", want: "is not a bare host name"},
		{name: "plain http address", plugin: "    address = \"http://app.terraform.io\"\n", want: "plain http"},
		{name: "redirect to another host", redirect: "https://other.example", want: "redirected to another host"},
		{name: "redirect to another port", redirect: "https://app.terraform.io:8443", want: "redirected to another host"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := hcptest.New(t)
			id := fake.AddWorkspace(hcptest.Workspace{Organization: "acme", Name: "eks-prod"})
			fake.AddVariable(id, hcptest.Var{Key: "role_arn", Value: agent})
			path := newNetPath(t, "app.terraform.io", fake)
			path.redirect = tt.redirect
			env := path.env()
			// What a CI job holds: a token for app.terraform.io, and
			// go-tfe's TFE_TOKEN, which belongs to app.terraform.io too.
			env["TF_TOKEN_app_terraform_io"] = fake.Token
			env["TFE_TOKEN"] = fake.Token
			env["TFLINT_LOG"] = "debug"
			res := e2e.Run(t, storyOn(t, tt.hostname, tt.plugin), e2e.Options{Env: env})
			if tt.wantAPI {
				e2e.ExpectIssues(t, res, "eksauth_role_not_mapped: kubernetes provider authenticates to EKS cluster module.eks as "+agent)
				if got := path.sent("app.terraform.io"); !strings.Contains(strings.Join(got, " "), "/api/v2/organizations/acme/workspaces/eks-prod+auth") {
					t.Errorf("app.terraform.io was sent %q", got)
				}
			} else {
				got := res.Messages()
				if len(got) != 1 || !strings.Contains(got[0], tt.want) {
					t.Errorf("want one warning with %q, got:\n%s", tt.want, strings.Join(got, "\n"))
				}
			}
			path.mu.Lock()
			for _, s := range path.log {
				if s.auth != "" && (s.host != "app.terraform.io" || s.path == "CONNECT") {
					t.Errorf("%s%s was sent an Authorization header", s.host, s.path)
				}
			}
			path.mu.Unlock()
			out := res.Stdout + res.Stderr
			for i := 0; i+8 <= len(fake.Token); i++ {
				if strings.Contains(out, fake.Token[i:i+8]) {
					t.Fatalf("tflint's output or debug log holds %q, a piece of the token", fake.Token[i:i+8])
				}
			}
		})
	}
}
