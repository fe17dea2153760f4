package hcp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	tfe "github.com/hashicorp/go-tfe"
)

// recorder remembers the HTTP statuses one call received, so that a
// failure can be explained: go-tfe turns a 429 it retried until the
// deadline into a bare context error, and a 5xx into the server's text.
type recorder struct {
	mu      sync.Mutex
	last    int
	limited bool
}

func (r *recorder) record(status int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = status
	r.limited = r.limited || status == http.StatusTooManyRequests
}

func (r *recorder) get() (last int, limited bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.last, r.limited
}

type recorderKey struct{}

func withRecorder(ctx context.Context, r *recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, r)
}

// transport records statuses, binds go-tfe's context-less ping to the
// run's deadline, and removes rate-limit headers go-tfe cannot parse:
// go-tfe calls log.Fatal on them, and a linter must not exit because a
// server sent "X-RateLimit-Reset: soon".
type transport struct {
	base http.RoundTripper
	run  context.Context
	ping *recorder
}

func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec, _ := req.Context().Value(recorderKey{}).(*recorder)
	if rec == nil {
		// Only NewClient's ping comes without one.
		rec = t.ping
		req = req.WithContext(withRecorder(t.run, rec))
	}
	resp, err := t.base.RoundTrip(req)
	if resp != nil {
		sanitizeRateLimit(resp.Header)
		rec.record(resp.StatusCode)
	}
	return resp, err
}

func sanitizeRateLimit(h http.Header) {
	if v := h.Get("X-RateLimit-Limit"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		switch {
		case err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f <= 0:
			h.Del("X-RateLimit-Limit")
		case f < 4:
			// go-tfe's burst is a third of the limit, rounded down; a
			// burst of 0 would refuse every request.
			h.Set("X-RateLimit-Limit", "4")
		}
	}
	if v := h.Get("X-RateLimit-Reset"); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			h.Del("X-RateLimit-Reset")
		}
	}
}

// failure explains why a call failed and what to do about it, in one
// line. op says what was being done ("reading the workspace").
func (r *run) failure(op string, err error, rec *recorder) string {
	status, limited := rec.get()
	var netErr net.Error
	var incomplete errIncomplete
	var wrong errWrongOrigin
	switch {
	case r.guard != nil && r.guard.tooLarge.Load():
		return fmt.Sprintf("the answer of %s while %s was larger than %d MiB, which the HCP Terraform API never sends; check the hcp_terraform address",
			r.address, op, r.guard.maxBody>>20)
	case errors.As(err, &wrong):
		return fmt.Sprintf("%s while %s", wrong.Error(), op)
	case strings.Contains(err.Error(), "not following a redirect from"):
		return fmt.Sprintf("%s redirected to another host while %s; eksauth trusts only answers from the host its API token belongs to", r.address, op)
	case errors.As(err, &incomplete):
		return fmt.Sprintf("the answer of %s while %s cannot be used (%s); eksauth needs HCP Terraform, or a Terraform Enterprise recent enough to support variable sets, at the hcp_terraform address",
			r.address, op, incomplete.Error())
	case errors.Is(err, tfe.ErrUnauthorized) || status == http.StatusUnauthorized:
		return fmt.Sprintf("%s rejected the API token from %s (401 Unauthorized) while %s; %s",
			r.address, r.source, op, r.renewHint())
	case errors.Is(err, tfe.ErrResourceNotFound) || status == http.StatusNotFound:
		return fmt.Sprintf("%s answered 404 Not Found while %s: it does not exist, or the token from %s may not read it (HCP Terraform answers both the same way); check the organization and workspace names and that the token's team can read the workspace and its variables",
			r.address, op, r.source)
	case r.ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || (errors.As(err, &netErr) && netErr.Timeout()):
		switch {
		case limited:
			return fmt.Sprintf("%s kept answering 429 Too Many Requests while %s until the hcp_terraform timeout (%s) ran out; retry later, or raise timeout",
				r.address, op, r.timeout)
		case errors.Is(r.ctx.Err(), context.Canceled):
			return fmt.Sprintf("the lookup was cancelled while %s", op)
		}
		return fmt.Sprintf("no answer from %s within the hcp_terraform timeout (%s) while %s; check the address and the network, or raise timeout",
			r.address, r.timeout, op)
	case status >= 500:
		return fmt.Sprintf("%s answered %d %s while %s; the service may be down: retry later",
			r.address, status, http.StatusText(status), op)
	case status >= 400:
		return fmt.Sprintf("%s answered %d %s while %s (%s); check the token's permissions and the hcp_terraform settings",
			r.address, status, http.StatusText(status), op, r.short(err))
	case status == 0:
		return fmt.Sprintf("could not reach %s while %s (%s); check the hcp_terraform address and the network",
			r.address, op, r.short(err))
	}
	return fmt.Sprintf("the answer of %s while %s is not what the HCP Terraform API sends (%s); check that the hcp_terraform address is HCP Terraform or Terraform Enterprise",
		r.address, op, r.short(err))
}

func (r *run) renewHint() string {
	if strings.HasPrefix(r.source, "TF_TOKEN_") || r.source == "TFE_TOKEN" {
		return fmt.Sprintf("set %s to a valid token", r.source)
	}
	login := "terraform login"
	if r.host != "app.terraform.io" {
		login += " " + r.host
	}
	return fmt.Sprintf("run %q for a new token", login)
}

// short is an error's text on one line, without the token, and at most
// 200 bytes: redacted before it is cut, so that the cut cannot leave a
// piece of the token the redaction would no longer recognise.
// A server's text that ends in the first characters of the token (an
// echo cut short) loses them.
func (r *run) short(err error) string {
	s := r.redact(err.Error())
	for n := min(len(r.token)-1, len(s)); n > 0; n-- {
		if strings.HasSuffix(s, r.token[:n]) {
			s = s[:len(s)-n] + "[token]"
			break
		}
	}
	return clip(s, 200)
}

// clip cuts s to at most n bytes, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// redact makes sure a message cannot carry the token, whatever a server
// echoed into an error, and keeps it on one line.
func (r *run) redact(s string) string {
	return redactToken(strings.Join(strings.Fields(s), " "), r.token)
}

// minPiece is the shortest piece of a token redactToken removes: shorter
// runs occur in ordinary text by chance, and a piece that short no longer
// narrows the token down.
const minPiece = 8

// redactToken replaces, in s, the token and every piece of it minPiece
// bytes or longer (a server that echoes half a header, a cut message).
func redactToken(s, token string) string {
	if token == "" {
		return s
	}
	s = strings.ReplaceAll(s, token, "[token]")
	if len(token) >= minPiece {
		var b strings.Builder
		for i := 0; i < len(s); {
			n := 0
			if i+minPiece <= len(s) && strings.Contains(token, s[i:i+minPiece]) {
				n = minPiece
				for i+n < len(s) && strings.Contains(token, s[i:i+n+1]) {
					n++
				}
			}
			if n == 0 {
				b.WriteByte(s[i])
				i++
				continue
			}
			b.WriteString("[token]")
			i += n
		}
		s = b.String()
	}
	return s
}
