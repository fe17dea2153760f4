package hcp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/net/idna"
)

// Origin is the one place an API token may be sent: a scheme and a host
// name normalised as Terraform's service discovery normalises it, with a
// port only when it is not the scheme's default. Every request this
// package makes goes to its run's Origin and nowhere else.
type Origin struct {
	Scheme string // "https", or "http" for a loopback host
	Host   string // "app.terraform.io", "127.0.0.1:8080"
}

func (o Origin) String() string { return o.Scheme + "://" + o.Host }

// hostProfile is the IDNA profile Terraform's svchost.ForComparison uses:
// lookup mapping (lower case, width folding), transitional processing, and
// only characters a DNS name may hold. A look-alike Unicode host becomes a
// punycode name of its own, never the name it imitates.
var hostProfile = idna.New(idna.MapForLookup(), idna.Transitional(true), idna.StrictDomainName(true))

// NormalizeHost turns "host" or "host:port" into the form tokens are
// bound to and connections are made to. The port is dropped when it is
// the default of scheme ("" keeps any port).
func NormalizeHost(hostport, scheme string) (string, error) {
	host, port := hostport, ""
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	}
	host = strings.TrimSuffix(host, ".")
	if host == "" {
		return "", errors.New("empty host name")
	}
	if ip := net.ParseIP(host); ip != nil {
		host = ip.String()
		if ip.To4() == nil {
			host = "[" + host + "]"
		}
	} else {
		ascii, err := hostProfile.ToASCII(host)
		if err != nil {
			return "", fmt.Errorf("host name %q is not a valid DNS name", hostport)
		}
		host = ascii
	}
	switch {
	case port == "", scheme == "https" && port == "443", scheme == "http" && port == "80":
		return host, nil
	}
	return host + ":" + port, nil
}

// ParseOrigin reads an absolute http(s) address into its Origin and path.
// Plain http is accepted only for a loopback host, so that a token never
// crosses a network in clear text.
func ParseOrigin(address string) (Origin, string, error) {
	u, err := url.Parse(address)
	switch {
	case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Opaque != "":
		return Origin{}, "", fmt.Errorf("address %q is not an http(s) URL", address)
	case u.User != nil:
		// Never repeat what may be a password.
		return Origin{}, "", errors.New("the address has user information in it")
	}
	host, err := NormalizeHost(u.Host, u.Scheme)
	if err != nil {
		return Origin{}, "", err
	}
	o := Origin{Scheme: u.Scheme, Host: host}
	if o.Scheme == "http" && !isLoopback(host) {
		return Origin{}, "", fmt.Errorf("address %s is plain http to a host that is not this machine; eksauth sends an API token only over https", o)
	}
	return o, strings.TrimSuffix(u.Path, "/"), nil
}

// isLoopback says whether a normalised host names this machine:
// localhost, 127.0.0.0/8 or ::1.
func isLoopback(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// of is the Origin of a request's URL, or false when it has none.
func originOf(u *url.URL) (Origin, bool) {
	if u == nil || (u.Scheme != "https" && u.Scheme != "http") || u.User != nil {
		return Origin{}, false
	}
	host, err := NormalizeHost(u.Host, u.Scheme)
	if err != nil {
		return Origin{}, false
	}
	return Origin{Scheme: u.Scheme, Host: host}, true
}

// DefaultMaxBody bounds one API answer. The largest answer eksauth reads
// is a page of a hundred variables; a server sending more is not the API.
const DefaultMaxBody = 8 << 20

// ErrBodyTooLarge is what reading an answer fails with past its limit.
var ErrBodyTooLarge = errors.New("answer larger than the size limit")

// errWrongOrigin refuses a request to anywhere but the run's Origin.
type errWrongOrigin struct{ want, got string }

func (e errWrongOrigin) Error() string {
	return fmt.Sprintf("refused a request to %s: eksauth talks only to %s, the host its API token belongs to", e.got, e.want)
}

// guard is the transport under every request: it sends requests only to
// its Origin, attaches the token itself (whatever Authorization header a
// caller set is removed), and bounds each answer's body.
type guard struct {
	origin  Origin
	token   string
	maxBody int64
	base    http.RoundTripper
	// tooLarge is set once an answer went past maxBody, so that a failure
	// can say so whatever error a decoder made of it.
	tooLarge atomic.Bool
}

func (g *guard) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		defer req.Body.Close()
	}
	o, ok := originOf(req.URL)
	if !ok || (o != g.origin && !mayLeaveOrigin(req.Context(), o)) {
		return nil, errWrongOrigin{want: g.origin.String(), got: safeURL(req.URL)}
	}
	out := req.Clone(req.Context())
	out.Header.Del("Authorization")
	if g.token != "" && o == g.origin {
		out.Header.Set("Authorization", "Bearer "+g.token)
	}
	resp, err := g.base.RoundTrip(out)
	if resp != nil && resp.Body != nil {
		limit := g.maxBody
		if isArchive(req.Context()) {
			limit = MaxArchiveBytes
		}
		resp.Body = &limitedBody{r: resp.Body, left: limit, g: g}
	}
	return resp, err
}

// archiveKey marks the context of a configuration download.
type archiveKey struct{}

// forArchive marks ctx as a configuration download's: the API answers it
// with a redirect to the archive's location, which may be another host
// (HCP Terraform's archivist). Only such a request may leave the origin,
// and it goes without the token.
func forArchive(ctx context.Context) context.Context {
	return context.WithValue(ctx, archiveKey{}, true)
}

// mayLeaveOrigin says whether a request in ctx may go to o, another
// origin than the token's: only a download's, and only over https or to
// this machine.
func mayLeaveOrigin(ctx context.Context, o Origin) bool {
	return isArchive(ctx) && (o.Scheme == "https" || isLoopback(o.Host))
}

// isArchive says whether ctx is a configuration download's: its answer
// may be as large as MaxArchiveBytes, where an API answer is bounded by
// the client's own limit.
func isArchive(ctx context.Context) bool {
	ok, _ := ctx.Value(archiveKey{}).(bool)
	return ok
}

// safeURL is a URL for a message: scheme and host only, so that no query
// or user information is repeated.
func safeURL(u *url.URL) string {
	if u == nil {
		return "(no URL)"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host}).String()
}

// limitedBody fails with ErrBodyTooLarge once more than left bytes are
// read, so a huge answer costs no more memory than the limit.
type limitedBody struct {
	r    io.ReadCloser
	left int64
	g    *guard
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left < 0 {
		return 0, ErrBodyTooLarge
	}
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		b.g.tooLarge.Store(true)
		return n + int(b.left), ErrBodyTooLarge
	}
	return n, err
}

func (b *limitedBody) Close() error { return b.r.Close() }

// ClientOptions are the settings of NewHTTPClient.
type ClientOptions struct {
	// MaxBody bounds each answer; 0 means DefaultMaxBody.
	MaxBody int64
	// Timeout bounds each request, body included; 0 means DefaultTimeout.
	Timeout time.Duration
	// Wrap, when set, wraps the guarded transport (to observe answers).
	Wrap func(http.RoundTripper) http.RoundTripper
}

// NewHTTPClient returns the http.Client every request to HCP Terraform
// goes through. It talks only to origin, over https unless origin is this
// machine; it attaches token to each request itself, so that nothing else
// (go-tfe's own TFE_TOKEN, a header a caller copied) decides where a token
// goes; it follows a redirect only within origin; it bounds each answer's
// size. The proxy settings of the environment are honoured.
func NewHTTPClient(origin Origin, token string, opts ClientOptions) *http.Client {
	c, _ := newGuarded(origin, token, opts)
	return c
}

func newGuarded(origin Origin, token string, opts ClientOptions) (*http.Client, *guard) {
	var base http.RoundTripper = http.DefaultTransport
	if t, ok := http.DefaultTransport.(*http.Transport); ok {
		base = t.Clone()
	}
	g := &guard{origin: origin, token: token, maxBody: opts.MaxBody, base: base}
	if g.maxBody <= 0 {
		g.maxBody = DefaultMaxBody
	}
	var rt http.RoundTripper = g
	if opts.Wrap != nil {
		rt = opts.Wrap(g)
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &http.Client{
		Transport: rt,
		Timeout:   timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			o, ok := originOf(req.URL)
			switch {
			case ok && via[0].URL.Scheme == "https" && o.Scheme != "https":
				return fmt.Errorf("not following a redirect from %s to %s: it leaves https", origin, safeURL(req.URL))
			case !ok || (o != origin && !mayLeaveOrigin(req.Context(), o)):
				return fmt.Errorf("not following a redirect from %s to %s: an answer from another host is not trusted", origin, safeURL(req.URL))
			}
			return nil
		},
	}, g
}
