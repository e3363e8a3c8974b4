package httpapi_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// TestContract walks every row of the contract table and every status it
// names. Each case starts from org-a either empty or seeded with
// goodSettings at version 1.
func TestContract(t *testing.T) {
	patchWorkspace := `{"workspaceId":"22222222-3333-4444-5555-666666666666"}`
	tests := []struct {
		name   string
		seeded bool
		rq     req
		want   int
		check  func(t *testing.T, f *fixture, w *httptest.ResponseRecorder)
	}{
		{name: "get of unconfigured org is not found", rq: req{method: "GET", path: base("org-a"),
			token: "admin-a"}, want: 404},
		{name: "get answers the masked view with its etag", seeded: true,
			rq: req{method: "GET", path: base("org-a"), token: "admin-a"}, want: 200,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, `"1"`, w.Header().Get("ETag"))
				v := decode(t, w)
				assert.Equal(t, "org-a", v["orgId"])
				assert.Equal(t, true, v["clientSecretSet"])
				assert.Equal(t, true, v["passwordSet"])
				assert.NotContains(t, v, "clientSecret")
				assert.NotContains(t, v, "password")
				assert.Equal(t, "passed", v["validation"].(map[string]any)["status"])
			}},
		{name: "head answers like get without a body", seeded: true,
			rq: req{method: "HEAD", path: base("org-a"), token: "admin-a"}, want: 200},
		{name: "put of new settings creates them", rq: req{method: "PUT", path: base("org-a"),
			token: "owner-a", body: goodSettings}, want: 201,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, base("org-a"), w.Header().Get("Location"))
				assert.Equal(t, `"1"`, w.Header().Get("ETag"))
				assert.Equal(t, goodSecret, f.credentials(t).ClientSecret.Reveal())
			}},
		{name: "put over stored settings replaces them", seeded: true,
			rq: req{method: "PUT", path: base("org-a"), token: "admin-a",
				body: settings("fabrikam.onmicrosoft.com", goodSecret, goodPassword)}, want: 200,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, `"2"`, w.Header().Get("ETag"))
				assert.Empty(t, w.Header().Get("Location"))
				assert.Equal(t, "fabrikam.onmicrosoft.com", decode(t, w)["tenantId"])
			}},
		{name: "put breaking static rules is unprocessable with field errors",
			rq: req{method: "PUT", path: base("org-a"), token: "admin-a",
				body: `{"tenantId":"common","clientId":"nope","clientSecret":"` + goodSecret + `"}`},
			want: 422,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				p := decode(t, w)
				assert.Equal(t, "urn:pbiconnect:problem:invalid", p["type"])
				assert.ElementsMatch(t, []string{"tenantId", "clientId", "workspaceId", "username",
					"password"}, fieldsOf(p))
				assert.Zero(t, f.cloud.calls.Load(), "a static failure reached the cloud")
			}},
		{name: "put with a wrong secret is unprocessable with the report",
			rq: req{method: "PUT", path: base("org-a"), token: "admin-a",
				body: settings("contoso.onmicrosoft.com", wrongSecret, goodPassword)}, want: 422,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				p := decode(t, w)
				assert.Equal(t, "urn:pbiconnect:problem:rejected", p["type"])
				assert.Equal(t, []string{"clientSecret"}, fieldsOf(p))
				assert.Equal(t, "failed", p["report"].(map[string]any)["status"])
				_, err := f.store.Get(t.Context(), "org-a")
				assert.Equal(t, powerbi.NotFound, powerbi.ErrorCode(err), "rejected settings were saved")
			}},
		{name: "patch changes only the fields sent and keeps the secrets", seeded: true,
			rq:   req{method: "PATCH", path: base("org-a"), token: "admin-a", body: patchWorkspace},
			want: 200,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, `"2"`, w.Header().Get("ETag"))
				set := f.credentials(t)
				assert.Equal(t, "22222222-3333-4444-5555-666666666666", set.WorkspaceID)
				assert.Equal(t, goodSecret, set.ClientSecret.Reveal())
				assert.Equal(t, goodPassword, set.Password.Reveal())
			}},
		{name: "patch of unconfigured org is not found", rq: req{method: "PATCH",
			path: base("org-a"), token: "admin-a", body: patchWorkspace}, want: 404},
		{name: "patch of the username without the password is unprocessable", seeded: true,
			rq: req{method: "PATCH", path: base("org-a"), token: "admin-a",
				body: `{"username":"someone@evil.example"}`}, want: 422,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, []string{"password"}, fieldsOf(decode(t, w)))
				assert.Equal(t, "bi@contoso.com", f.credentials(t).Username)
			}},
		{name: "patch with a wrong password is unprocessable", seeded: true,
			rq: req{method: "PATCH", path: base("org-a"), token: "admin-a",
				body: `{"password":"` + wrongPassword + `"}`}, want: 422,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, []string{"password"}, fieldsOf(decode(t, w)))
				assert.Equal(t, goodPassword, f.credentials(t).Password.Reveal())
			}},
		{name: "patch to an unreachable cloud is unavailable", seeded: true,
			rq: req{method: "PATCH", path: base("org-a"), token: "admin-a",
				body: `{"tenantId":"` + unreachableTenant + `","clientSecret":"` + goodSecret +
					`","password":"` + goodPassword + `"}`}, want: 503,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, "contoso.onmicrosoft.com", f.credentials(t).TenantID)
			}},
		{name: "test answers the report and saves nothing",
			rq: req{method: "POST", path: base("org-a") + "/test", token: "admin-a",
				body: goodSettings}, want: 200,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, "passed", decode(t, w)["status"])
				_, err := f.store.Get(t.Context(), "org-a")
				assert.Equal(t, powerbi.NotFound, powerbi.ErrorCode(err))
			}},
		{name: "test of a wrong secret answers a failed report", seeded: true,
			rq: req{method: "POST", path: base("org-a") + "/test", token: "admin-a",
				body: `{"clientSecret":"` + wrongSecret + `"}`}, want: 200,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, "failed", decode(t, w)["status"])
				assert.Equal(t, goodSecret, f.credentials(t).ClientSecret.Reveal())
			}},
		{name: "test with an empty body checks the stored settings", seeded: true,
			rq: req{method: "POST", path: base("org-a") + "/test", token: "admin-a"}, want: 200,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, "passed", decode(t, w)["status"])
			}},
		{name: "test of incomplete settings is unprocessable",
			rq: req{method: "POST", path: base("org-a") + "/test", token: "admin-a",
				body: patchWorkspace}, want: 422},
		{name: "delete removes the settings", seeded: true,
			rq: req{method: "DELETE", path: base("org-a"), token: "owner-a"}, want: 204,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				g := f.do(t, req{method: "GET", path: base("org-a"), token: "owner-a"})
				assert.Equal(t, http.StatusNotFound, g.Code)
			}},
		{name: "delete of unconfigured org is not found",
			rq: req{method: "DELETE", path: base("org-a"), token: "owner-a"}, want: 404},
		{name: "history answers the events newest first", seeded: true,
			rq:   req{method: "GET", path: base("org-a") + "/history?limit=5", token: "admin-a"},
			want: 200,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.JSONEq(t, `[{"orgId":"org-a","version":1,"action":"created",`+
					`"actor":"u-owner-a","at":`+mustJSON(f.events(t)[0].At)+`,"fields":`+
					`["tenantId","clientId","clientSecret","scope","workspaceId","username",`+
					`"password"]}]`, w.Body.String())
			}},
		{name: "history of unconfigured org is an empty list",
			rq: req{method: "GET", path: base("org-a") + "/history", token: "admin-a"}, want: 200,
			check: func(t *testing.T, f *fixture, w *httptest.ResponseRecorder) {
				assert.Equal(t, "[]", w.Body.String())
			}},
		{name: "history with a bad limit is a bad request",
			rq:   req{method: "GET", path: base("org-a") + "/history?limit=0", token: "admin-a"},
			want: 400},
		{name: "openapi document is served without credentials",
			rq: req{method: "GET", path: "/v1/openapi.json"}, want: 200},
		{name: "unknown path is not found", rq: req{method: "GET", path: "/v2/elsewhere"}, want: 404},
		{name: "path with an invalid org is not found",
			rq:   req{method: "GET", path: "/v1/orgs/a%20b/integrations/powerbi", token: "admin-a"},
			want: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			if tt.seeded {
				f.seed(t)
				f.cloud.calls.Store(0)
			}
			w := f.do(t, tt.rq)
			require.Equal(t, tt.want, w.Code, w.Body.String())
			if tt.check != nil {
				tt.check(t, f, w)
			}
		})
	}
}

// TestMethodNotAllowed checks that a wrong method gets 405 with Allow.
func TestMethodNotAllowed(t *testing.T) {
	tests := []struct {
		method, path, allow string
	}{
		{"POST", base("org-a"), "GET, HEAD, PUT, PATCH, DELETE"},
		{"GET", base("org-a") + "/test", "POST"},
		{"DELETE", base("org-a") + "/history", "GET, HEAD"},
		{"PUT", "/v1/openapi.json", "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path+" is not allowed", func(t *testing.T) {
			f := newFixture(t)
			w := f.do(t, req{method: tt.method, path: tt.path, token: "admin-a"})
			require.Equal(t, http.StatusMethodNotAllowed, w.Code)
			assert.Equal(t, tt.allow, w.Header().Get("Allow"))
		})
	}
}

// TestStoreFailures checks what a failing store turns into, for every
// operation: a lost race is 409 without If-Match and 412 with it; any
// other failure is a 500 whose cause is logged and not shown.
func TestStoreFailures(t *testing.T) {
	conflict := powerbi.Errorf(powerbi.Conflict, "version conflict")
	broken := errors.New("disk on fire")
	tests := []struct {
		name    string
		method  string // of the store
		err     error
		rq      req
		ifMatch string
		want    int
	}{
		{name: "put losing a race is a conflict", method: "Put", err: conflict,
			rq: req{method: "PUT", body: goodSettings}, want: 409},
		{name: "put losing a race with if-match fails the precondition", method: "Put",
			err: conflict, rq: req{method: "PUT", body: goodSettings}, ifMatch: `"1"`, want: 412},
		{name: "patch losing a race is a conflict", method: "Put", err: conflict,
			rq:   req{method: "PATCH", body: `{"workspaceId":"22222222-3333-4444-5555-666666666666"}`},
			want: 409},
		{name: "delete losing a race is a conflict", method: "Delete", err: conflict,
			rq: req{method: "DELETE"}, want: 409},
		{name: "get on a broken store is internal", method: "Get", err: broken,
			rq: req{method: "GET"}, want: 500},
		{name: "put on a broken store is internal", method: "Put", err: broken,
			rq: req{method: "PUT", body: goodSettings}, want: 500},
		{name: "patch on a broken store is internal", method: "Get", err: broken,
			rq: req{method: "PATCH", body: `{}`}, want: 500},
		{name: "test on a broken store is internal", method: "Get", err: broken,
			rq: req{method: "POST", path: "/test", body: `{}`}, want: 500},
		{name: "delete on a broken store is internal", method: "Delete", err: broken,
			rq: req{method: "DELETE"}, want: 500},
		{name: "history on a broken store is internal", method: "History", err: broken,
			rq: req{method: "GET", path: "/history"}, want: 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			f.seed(t)
			f.store.fail(tt.method, tt.err)
			tt.rq.path, tt.rq.token = base("org-a")+tt.rq.path, "admin-a"
			if tt.ifMatch != "" {
				tt.rq.header = map[string]string{"If-Match": tt.ifMatch}
			}
			w := f.do(t, tt.rq)
			require.Equal(t, tt.want, w.Code, w.Body.String())
			assert.NotContains(t, w.Body.String(), "disk on fire")
			if tt.want == 500 {
				assert.Contains(t, f.logs.String(), "disk on fire", "the cause was not logged")
			}
		})
	}
}

// fieldsOf returns the field names of a problem's errors.
func fieldsOf(p map[string]any) []string {
	var out []string
	for _, e := range p["errors"].([]any) {
		out = append(out, e.(map[string]any)["field"].(string))
	}
	return out
}

// events reads org-a's history straight from the store.
func (f *fixture) events(t *testing.T) []powerbi.Event {
	t.Helper()
	evs, err := f.store.History(t.Context(), "org-a", 0)
	require.NoError(t, err)
	return evs
}

var _ = strings.Contains
