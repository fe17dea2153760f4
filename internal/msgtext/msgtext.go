// Package msgtext makes text taken from the configuration fit to print in
// a finding's message.
//
// Messages end up in CI logs, terminals and pull-request annotations, and
// the configuration is written by whoever opens the pull request. A value
// with a newline could forge a log line ("::error::..." on a runner), a
// bidirectional override could make a role read as another, and a value of
// megabytes, or a list of thousands, would bury the finding (or exceed
// what tflint's plugin protocol carries in one message). So every value is
// escaped and cut, every list is cut, and the whole message is checked
// once more before it is emitted.
package msgtext

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// MaxValue bounds one value as printed: an IAM role ARN is at most
	// 2,048 characters, and most are under a hundred.
	MaxValue = 512
	// MaxItems is how many items of a list are named.
	MaxItems = 10
	// MaxMessage bounds a whole message: a few lines of a terminal, far
	// below the 4 MB a gRPC message may carry.
	MaxMessage = 4096
)

// Value prints s as it is when it is plain text (printable, no spaces
// and short), so that ARNs and names read as they are written; otherwise
// it quotes it with Go escapes (\n, \x00, \u202e), cut to MaxValue
// bytes with the full length said.
func Value(s string) string {
	if s != "" && len(s) <= MaxValue && plain(s) {
		return s
	}
	return Quote(s)
}

// Quote always quotes s (for values a message names in quotes, such as
// a Kubernetes group), cut to MaxValue bytes.
func Quote(s string) string {
	if len(s) <= MaxValue {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut(s, MaxValue)) + "... (" + Count(len(s)) + " bytes)"
}

func plain(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// List joins items with ", ", naming at most MaxItems of them:
// "a, b, c and 4,990 more". Items are printed as given: pass them
// through Value first when they come from the configuration.
func List(items []string) string { return Join(items, ", ") }

// Join is List with another separator: "a; b; c and 4,990 more".
func Join(items []string, sep string) string {
	if len(items) <= MaxItems {
		return strings.Join(items, sep)
	}
	return strings.Join(items[:MaxItems], sep) + " and " + Count(len(items)-MaxItems) + " more"
}

// Message escapes any character of msg that is not printable (newlines,
// NUL, terminal escapes, bidirectional controls) and cuts it to
// MaxMessage bytes: the last line of defence for text that did not go
// through Value.
func Message(msg string) string {
	if len(msg) <= MaxMessage && printable(msg) {
		return msg
	}
	var b strings.Builder
	for _, r := range msg {
		if b.Len() >= MaxMessage {
			b.WriteString("... (message cut at " + Count(MaxMessage) + " bytes)")
			break
		}
		switch {
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		case r == ' ' || strconv.IsPrint(r):
			b.WriteRune(r)
		default:
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		}
	}
	return b.String()
}

func printable(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r != ' ' && !strconv.IsPrint(r) {
			return false
		}
	}
	return true
}

// cut returns at most n bytes of s, ending on a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Count writes n with thousands separators: 4,990.
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
