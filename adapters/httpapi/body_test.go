package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBodies sends bad bodies to every operation that reads one.
func TestBodies(t *testing.T) {
	huge := `{"clientSecret":"` + strings.Repeat("x", 64<<10) + `"}`
	bodies := []struct {
		name        string
		body        string
		contentType string
		want        int
		field       string // the field the errors entry names, if any
	}{
		{name: "malformed json is a bad request", body: `{"tenantId":`, want: 400},
		{name: "broken syntax is a bad request", body: `{"tenantId" "x"}`, want: 400},
		{name: "field in another case is a bad request", body: `{"tenantID":"x"}`, want: 400,
			field: "tenantID"},
		{name: "unknown field is a bad request that does not echo it",
			body: `{"` + wrongPassword + `":"x"}`, want: 400, field: "-"},
		{name: "duplicate field is a bad request",
			body: `{"password":"` + wrongPassword + `","password":"x"}`, want: 400,
			field: "password"},
		{name: "trailing data is a bad request", body: `{} {}`, want: 400},
		{name: "trailing garbage is a bad request", body: `{}x`, want: 400},
		{name: "array is a bad request", body: `[]`, want: 400},
		{name: "null is a bad request", body: `null`, want: 400},
		{name: "number for a string field is a bad request", body: `{"username":5}`, want: 400,
			field: "username"},
		{name: "number for a secret is a bad request", body: `{"password":5}`, want: 400},
		{name: "invalid utf-8 is a bad request", body: "{\"password\":\"\xff\xfe\"}", want: 400},
		{name: "body over 64 KiB is too large", body: huge, want: 413},
		{name: "plain text is unsupported", body: goodSettings, contentType: "text/plain",
			want: 415},
		{name: "form encoding is unsupported", body: "tenantId=x",
			contentType: "application/x-www-form-urlencoded", want: 415},
		{name: "another charset is unsupported", body: goodSettings,
			contentType: "application/json; charset=latin1", want: 415},
		{name: "missing content type is unsupported", body: goodSettings, contentType: "-",
			want: 415},
	}
	ops := []struct{ method, path string }{
		{"PUT", ""}, {"PATCH", ""}, {"POST", "/test"},
	}
	for _, op := range ops {
		for _, b := range bodies {
			t.Run(op.method+op.path+"/"+b.name, func(t *testing.T) {
				f := newFixture(t)
				f.seed(t)
				calls := f.cloud.calls.Load()
				rq := req{method: op.method, path: base("org-a") + op.path, token: "admin-a",
					body: b.body}
				switch b.contentType {
				case "":
				case "-":
					rq.header = map[string]string{"Content-Type": ""}
				default:
					rq.header = map[string]string{"Content-Type": b.contentType}
				}
				w := f.do(t, rq)

				require.Equal(t, b.want, w.Code, w.Body.String())
				switch b.field {
				case "":
				case "-":
					assert.Equal(t, []string{""}, fieldsOf(decode(t, w)))
				default:
					assert.Equal(t, []string{b.field}, fieldsOf(decode(t, w)))
				}
				assert.Equal(t, calls, f.cloud.calls.Load(), "a bad body reached the cloud")
			})
		}
	}
}

// TestBodiesAccepted checks the forms of a good body that must pass.
func TestBodiesAccepted(t *testing.T) {
	tests := []struct {
		name, contentType, body string
	}{
		{"json with utf-8 charset is accepted", "application/json; charset=UTF-8", goodSettings},
		{"surrounding white space is accepted", "application/json", "\n " + goodSettings + " \n"},
		{"null secrets in a patch keep the stored ones", "application/json",
			`{"clientSecret":null,"password":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.seed(t)
			w := f.do(t, req{method: "PATCH", path: base("org-a"), token: "admin-a", body: tt.body,
				header: map[string]string{"Content-Type": tt.contentType}})
			require.Equal(t, http.StatusOK, w.Code, w.Body.String())
			assert.Equal(t, goodSecret, f.credentials(t).ClientSecret.Reveal())
		})
	}
}
