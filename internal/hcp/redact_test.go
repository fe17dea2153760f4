package hcp

import (
	"strings"
	"testing"
)

func TestRedactToken(t *testing.T) {
	const token = "AbCdEfGh.atlasv1.0123456789SECRET"
	for _, in := range []string{
		"forbidden for Bearer " + token,
		"echo of half a token: " + token[:len(token)/2] + " and the rest " + token[len(token)/2:],
		"a piece in the middle " + token[5:14] + "!",
		strings.Repeat(token[:9], 3),
	} {
		got := redactToken(in, token)
		for i := 0; i+minPiece <= len(token); i++ {
			if strings.Contains(got, token[i:i+minPiece]) {
				t.Errorf("redactToken(%q) = %q keeps %q", in, got, token[i:i+minPiece])
			}
		}
	}
	if got := redactToken("an ordinary message", token); got != "an ordinary message" {
		t.Errorf("ordinary text changed: %q", got)
	}
}

// Cutting a long server message must not leave the start of the token
// behind: the message is redacted before it is cut, and a server text
// that ends in the token's first characters loses them.
func TestShortRedactsBeforeCutting(t *testing.T) {
	const token = "AbCdEfGh.atlasv1.0123456789SECRET"
	r := &run{token: token}
	for _, text := range []string{
		strings.Repeat("x", 190) + token,
		"forbidden for " + token[:5],
	} {
		got := r.short(errString(text))
		if strings.Contains(got, token[:5]) {
			t.Errorf("short(%q) = %q keeps the token's start", text, got)
		}
		if len(got) > 203 {
			t.Errorf("short is %d bytes", len(got))
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }
