package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/pbiconnect/pbiconnect/powerbi"
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
