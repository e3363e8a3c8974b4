package httpapi_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNoSecretLeaks sends the planted secrets in every place a request can
// carry them, well-formed or not. The fixture checks each response's
// headers and body, and at the end the logs and the store, for any of
// them.
func TestNoSecretLeaks(t *testing.T) {
	bodies := []struct{ name, method, path, body string }{
		{"saved", "PUT", "", goodSettings},
		{"rejected", "PUT", "", settings("contoso.onmicrosoft.com", wrongSecret, wrongPassword)},
		{"unavailable", "PUT", "", settings(unreachableTenant, wrongSecret, wrongPassword)},
		{"patched", "PATCH", "", `{"password":"` + goodPassword + `"}`},
		{"tested", "POST", "/test", `{"clientSecret":"` + wrongSecret + `"}`},
		{"too long", "PATCH", "", `{"password":"` + wrongPassword + strings.Repeat("x", 1100) +
			`"}`},
		{"syntax error after", "PUT", "", `{"password":"` + wrongPassword + `"x}`},
		{"unterminated", "PUT", "", `{"password":"` + wrongPassword},
		{"as a key", "PUT", "", `{"` + wrongSecret + `":"` + wrongPassword + `"}`},
		{"as a number", "PUT", "", `{"password":` + wrongPassword + `}`},
		{"twice", "PUT", "", `{"password":"` + wrongPassword + `","password":"` + goodPassword +
			`"}`},
		{"in an array", "PUT", "", `["` + wrongSecret + `"]`},
		{"in a query", "GET", "/history?limit=" + wrongSecret, ""},
	}
	f := newFixture(t)
	for _, b := range bodies {
		t.Run(b.name+" leaks nothing", func(t *testing.T) {
			w := f.do(t, req{method: b.method, path: base("org-a") + b.path, token: "owner-a",
				body: b.body})
			assert.NotEqual(t, 500, w.Code, w.Body.String())
		})
	}
	assert.Equal(t, goodPassword, f.credentials(t).Password.Reveal())
}
