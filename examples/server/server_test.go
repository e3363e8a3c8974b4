package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testServer is the example server running in the test's process.
type testServer struct {
	*app
	url string
}

// token returns the demo token of role.
func (s *testServer) token(role powerbi.Role) string { return s.demo.token(role) }

// startDemoServer starts the server in demo mode on SQLite in a temporary
// directory, on a free loopback port, and stops it when the test ends.
func startDemoServer(t *testing.T) *testServer {
	t.Helper()
	dir := t.TempDir()
	cfg := config{Addr: "127.0.0.1:0", Store: "sqlite:" + filepath.Join(dir, "pbiconnect.db"),
		Keyring: filepath.Join(dir, "pbiconnect.keyring"), Demo: true}
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	ctx, cancel := context.WithCancel(context.Background())
	a, err := newApp(ctx, cfg, log)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", cfg.Addr)
	require.NoError(t, err)

	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, a.handler, log) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
		require.NoError(t, a.Close())
	})
	return &testServer{app: a, url: "http://" + ln.Addr().String() + "/"}
}

func TestDemoServerRoutes(t *testing.T) {
	srv := startDemoServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	owner, member := srv.token(powerbi.RoleOwner), srv.token(powerbi.RoleMember)

	t.Run("page is served with a strict policy", func(t *testing.T) {
		res, body := get(t, ctx, srv.url, "")
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Contains(t, body, "Power BI Integration")
		assert.Contains(t, res.Header.Get("Content-Security-Policy"), "script-src 'self'")
		assert.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"))
	})
	t.Run("assets are served", func(t *testing.T) {
		res, body := get(t, ctx, srv.url+"static/app.js", "")
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Contains(t, body, "takeToken")
	})
	t.Run("unknown page is not found", func(t *testing.T) {
		res, _ := get(t, ctx, srv.url+"nope", "")
		assert.Equal(t, http.StatusNotFound, res.StatusCode)
	})
	t.Run("whoami names the token's principal", func(t *testing.T) {
		res, body := get(t, ctx, srv.url+"whoami", owner)
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.JSONEq(t, `{"user":"owner@demo","org":"demo","role":"owner"}`, body)
	})
	t.Run("whoami without a token is unauthorized", func(t *testing.T) {
		res, _ := get(t, ctx, srv.url+"whoami", "")
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode)
	})

	api := srv.url + "v1/orgs/demo/integrations/powerbi"
	creds := srv.demo.creds.Settings
	body := map[string]string{"tenantId": creds.TenantID, "clientId": creds.ClientID,
		"clientSecret": creds.ClientSecret.Reveal(), "workspaceId": creds.WorkspaceID,
		"username": creds.Username, "password": creds.Password.Reveal()}
	t.Run("member may not save", func(t *testing.T) {
		status, _ := call(t, ctx, http.MethodPut, api, member, body)
		assert.Equal(t, http.StatusForbidden, status)
	})
	t.Run("owner saves the demo credentials", func(t *testing.T) {
		status, out := call(t, ctx, http.MethodPut, api, owner, body)
		require.Equal(t, http.StatusCreated, status, out)
		assert.NotContains(t, out, creds.ClientSecret.Reveal())
		assert.NotContains(t, out, creds.Password.Reveal())
	})
}

// TestServeFinishesInFlightRequests stops the server while a request is
// being handled and checks that the request still gets its answer.
func TestServeFinishesInFlightRequests(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		_, _ = w.Write([]byte("done"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, h, slog.New(slog.DiscardHandler)) }()

	answered := make(chan string, 1)
	go func() {
		res, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			answered <- "error: " + err.Error()
			return
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		answered <- string(b)
	}()
	<-entered
	stop()
	close(release)
	select {
	case got := <-answered:
		assert.Equal(t, "done", got)
	case <-time.After(10 * time.Second):
		t.Fatal("in-flight request got no answer")
	}
	select {
	case err := <-served:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after shutdown")
	}
}

func get(t *testing.T, ctx context.Context, url, token string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	require.NoError(t, err)
	return res, string(b)
}

// TestDemoPrintsWhatANewcomerNeeds checks the demo banner: the page URL
// with the owner's token, a token per role and credentials that pass.
func TestDemoPrintsWhatANewcomerNeeds(t *testing.T) {
	auth, err := newPrincipals(nil)
	require.NoError(t, err)
	d, err := startDemo(auth)
	require.NoError(t, err)
	defer d.Close()
	var out bytes.Buffer
	d.Print(&out, "http://127.0.0.1:8080/")

	s := d.creds.Settings
	assert.Contains(t, out.String(), "http://127.0.0.1:8080/?token="+d.token(powerbi.RoleOwner))
	for _, want := range []string{d.token(powerbi.RoleAdmin), d.token(powerbi.RoleMember),
		s.TenantID, s.ClientID, s.ClientSecret.Reveal(), s.WorkspaceID, s.Username,
		s.Password.Reveal(), d.creds.SecretID} {
		assert.Contains(t, out.String(), want)
	}
	assert.Equal(t, 3, auth.Len(), "one principal per role")
}
