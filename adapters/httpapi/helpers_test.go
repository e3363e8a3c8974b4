package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/adapters/httpapi"
	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
)

// The planted secrets. No response, header or log line may contain one.
const (
	goodSecret    = "cs-planted-7f1c0b9e-good"
	goodPassword  = "pw-planted-91ab44d2-good"
	wrongSecret   = "cs-planted-3d5e8a1f-wrong"
	wrongPassword = "pw-planted-c0ffee77-wrong"
)

var planted = []string{goodSecret, goodPassword, wrongSecret, wrongPassword}

// unreachableTenant makes the fake validator answer as if Entra ID were
// down.
const unreachableTenant = "unreachable.example.com"

// fakeCloud is a validator whose answer depends on the settings, like the
// real services: a wrong secret or password fails its check, the
// unreachable tenant is unavailable, anything else passes.
type fakeCloud struct{ calls atomic.Int64 }

func (c *fakeCloud) Validate(_ context.Context, s powerbi.Settings) powerbi.Report {
	c.calls.Add(1)
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	if s.TenantID == unreachableTenant {
		return powerbi.Report{CheckedAt: now, Checks: []powerbi.Check{{Name: "entra.client_credentials",
			Status: powerbi.StatusUnavailable, Message: "Entra ID did not answer in time."}}}
	}
	entra := powerbi.Check{Name: "entra.client_credentials", Field: "clientSecret",
		Status: powerbi.StatusPassed, Duration: 40 * time.Millisecond}
	if s.ClientSecret.Equal(powerbi.NewSecret(wrongSecret)) {
		entra.Status, entra.Code = powerbi.StatusFailed, "AADSTS7000215"
		entra.Message = "Invalid client secret provided."
		entra.Hint = "Copy the secret's value, not its ID."
	}
	user := powerbi.Check{Name: "entra.username_password", Field: "password",
		Status: powerbi.StatusPassed}
	if s.Password.Equal(powerbi.NewSecret(wrongPassword)) {
		user.Status, user.Code, user.Message = powerbi.StatusFailed, "AADSTS50126",
			"Invalid username or password."
	}
	return powerbi.Report{CheckedAt: now, Checks: []powerbi.Check{entra, user}}
}

// tokens are the bearer tokens the test host knows, without their "tok-"
// prefix, which must never show up in a log.
var tokens = map[string]powerbi.Principal{
	"owner-a":  {UserID: "u-owner-a", OrgID: "org-a", Role: powerbi.RoleOwner},
	"admin-a":  {UserID: "u-admin-a", OrgID: "org-a", Role: powerbi.RoleAdmin},
	"admin-a2": {UserID: "u-admin-a2", OrgID: "org-a", Role: powerbi.RoleAdmin},
	"member-a": {UserID: "u-member-a", OrgID: "org-a", Role: powerbi.RoleMember},
	"admin-b":  {UserID: "u-admin-b", OrgID: "org-b", Role: powerbi.RoleAdmin},
}

// authenticate is the test host's Authenticate: bearer tokens from tokens.
func authenticate(r *http.Request) (powerbi.Principal, error) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer tok-")
	if !ok {
		return powerbi.Principal{}, errors.New("no bearer token")
	}
	p, ok := tokens[tok]
	if !ok {
		return powerbi.Principal{}, errors.New("unknown token")
	}
	return p, nil
}

// lockedBuffer is a log sink that is safe for concurrent writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// fixture is a handler over a fake store and cloud, with logs captured.
type fixture struct {
	svc   *powerbi.Service
	store *faultyStore
	cloud *fakeCloud
	logs  *lockedBuffer
	h     http.Handler
}

// newFixture returns a fixture; edit, if given, adjusts the handler's
// config.
func newFixture(t *testing.T, edit ...func(*httpapi.Config)) *fixture {
	t.Helper()
	f := &fixture{store: newFaultyStore(), cloud: &fakeCloud{}, logs: &lockedBuffer{}}
	logger := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sealer := crypto.New(crypto.NewKeyring(), crypto.Config{})
	f.svc = powerbi.NewService(powerbi.Config{Store: f.store, Sealer: sealer, Validator: f.cloud,
		Logger: logger})
	cfg := httpapi.Config{Service: f.svc, Authenticate: authenticate, Logger: logger}
	for _, e := range edit {
		e(&cfg)
	}
	f.h = httpapi.New(cfg)
	t.Cleanup(func() {
		logs := f.logs.String()
		f.checkNoSecrets(t, []byte(logs), "logs")
		f.checkNoSecrets(t, f.store.dump(context.Background()), "store")
		assert.NotContains(t, logs, "tok-", "a bearer token leaked into the logs")
	})
	return f
}

// credentials returns the stored secrets of org-a, as the host would read
// them.
func (f *fixture) credentials(t *testing.T) powerbi.Settings {
	t.Helper()
	in, err := f.svc.Credentials(context.Background(), "org-a")
	require.NoError(t, err)
	return in.Settings
}

// req describes one request.
type req struct {
	method, path, token, body string
	header                    map[string]string
}

// do serves rq and checks the answer against the OpenAPI document and for
// planted secrets.
func (f *fixture) do(t *testing.T, rq req) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(rq.method, rq.path, strings.NewReader(rq.body))
	if rq.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	if rq.token != "" {
		r.Header.Set("Authorization", "Bearer tok-"+rq.token)
	}
	for k, v := range rq.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)

	var head bytes.Buffer
	require.NoError(t, w.Header().Write(&head))
	f.checkNoSecrets(t, head.Bytes(), "headers")
	f.checkNoSecrets(t, w.Body.Bytes(), "body")
	assert.Equal(t, "no-store", w.Header().Get("Cache-Control"))
	checkContract(t, r, w)
	return w
}

func (f *fixture) checkNoSecrets(t *testing.T, b []byte, where string) {
	t.Helper()
	for _, s := range planted {
		assert.NotContains(t, string(b), s, "a planted secret leaked into the %s", where)
	}
}

// settings returns a valid PUT body with the given secrets and tenant.
func settings(tenant, secret, password string) string {
	return mustJSON(map[string]string{
		"tenantId":     tenant,
		"clientId":     "11111111-2222-3333-4444-555555555555",
		"clientSecret": secret,
		"workspaceId":  "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
		"username":     "bi@contoso.com",
		"password":     password,
	})
}

var goodSettings = settings("contoso.onmicrosoft.com", goodSecret, goodPassword)

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// decode parses a JSON answer into a generic map.
func decode(t *testing.T, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.NewDecoder(io.LimitReader(w.Body, 1<<20)).Decode(&m), w.Body.String())
	return m
}

// seed saves goodSettings for org-a as its owner.
func (f *fixture) seed(t *testing.T) {
	t.Helper()
	w := f.do(t, req{method: "PUT", path: base("org-a"), token: "owner-a", body: goodSettings})
	require.Equal(t, http.StatusCreated, w.Code, w.Body.String())
}

func base(org string) string { return "/v1/orgs/" + org + "/integrations/powerbi" }

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
