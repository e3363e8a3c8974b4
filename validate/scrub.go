package validate

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// redacted replaces a credential found in a service's text.
const redacted = "[REDACTED]"

// minCut is the shortest credential that can be cut out of a text; a text
// that holds a shorter one is dropped whole.
const minCut = 4

// redactor removes known credentials from text that a service sent back.
// Services are not expected to echo a credential; this makes sure one
// never travels further if they do. Every text must pass through clean
// before it is cut to length, or a credential across the cut would leave
// its prefix behind.
type redactor []string

// redactorOf returns a redactor for the secrets of s and the given tokens.
func redactorOf(s powerbi.Settings, tokens ...powerbi.Secret) redactor {
	r := redactor{s.ClientSecret.Reveal(), s.Password.Reveal()}
	for _, t := range tokens {
		r = append(r, t.Reveal())
	}
	return r.withEncodings()
}

// withEncodings adds the form-encoded spelling of each secret, which is
// how a service echoing its request would quote it.
func (r redactor) withEncodings() redactor {
	out := make(redactor, 0, 2*len(r))
	for _, s := range r {
		if s == "" {
			continue
		}
		out = append(out, s)
		if q := url.QueryEscape(s); q != s {
			out = append(out, q)
		}
	}
	return out
}

// clean returns text with every secret replaced by [REDACTED], or "" if
// text holds a secret too short to cut out.
func (r redactor) clean(text string) string {
	for _, s := range r {
		if s == "" || !strings.Contains(text, s) {
			continue
		}
		if len(s) < minCut {
			return ""
		}
		text = strings.ReplaceAll(text, s, redacted)
	}
	return text
}

// cut shortens s to at most n bytes on a character boundary, marking the
// cut with an ellipsis. Clean s first.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
