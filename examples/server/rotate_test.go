package main

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRotateKeysRewrapsStoredRecords saves settings with the server in demo
// mode, runs the rotate-keys subcommand while that server is still up, and
// checks that the record is re-wrapped under a new key and still opens, in
// the running server and in a fresh one.
func TestRotateKeysRewrapsStoredRecords(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	dir := t.TempDir()
	cfg := config{Store: "sqlite:" + filepath.Join(dir, "pbi.db"),
		Keyring: filepath.Join(dir, "pbi.keyring"), Demo: true}
	log := slog.New(slog.DiscardHandler)

	a, err := newApp(ctx, cfg, log)
	require.NoError(t, err)
	want := a.demo.creds.Settings
	owner := powerbi.NewContext(ctx, powerbi.Principal{UserID: "owner@demo", OrgID: demoOrg,
		Role: powerbi.RoleOwner})
	_, _, err = a.service.Save(owner, demoOrg, want, powerbi.AnyVersion)
	require.NoError(t, err)
	defer a.Close()

	var out, errs bytes.Buffer
	code := run(ctx, []string{"rotate-keys", "-store", cfg.Store, "-keyring", cfg.Keyring},
		mapEnv(nil), &out, &errs)
	require.Equal(t, 0, code, "stderr: %s", errs.String())
	assert.Contains(t, out.String(), "[1] demo: re-wrapped")
	assert.Contains(t, out.String(), "1 of 1 records re-wrapped")
	running, err := a.service.Credentials(ctx, demoOrg)
	require.NoError(t, err, "the running server opens the re-wrapped record")
	assert.True(t, want.Password.Equal(running.Settings.Password))

	st, err := openStore(ctx, cfg.Store, log)
	require.NoError(t, err)
	defer st.Close()
	kr, err := crypto.OpenKeyring(cfg.Keyring)
	require.NoError(t, err)
	assert.Len(t, kr.KeyIDs(), 2, "rotation added a key")
	svc := powerbi.NewService(powerbi.Config{Store: st, Sealer: crypto.New(kr, crypto.Config{}),
		Validator: noLiveChecks})
	got, err := svc.Credentials(ctx, demoOrg)
	require.NoError(t, err)
	assert.Equal(t, int64(2), got.Version)
	assert.True(t, want.ClientSecret.Equal(got.Settings.ClientSecret), "client secret still opens")
	assert.True(t, want.Password.Equal(got.Settings.Password), "password still opens")
}

func TestRotateKeysWithoutKeyringFails(t *testing.T) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	code := run(context.Background(), []string{"rotate-keys", "-store", "memory:",
		"-keyring", filepath.Join(dir, "absent.keyring")}, mapEnv(nil), &out, &errs)
	assert.Equal(t, 1, code)
	assert.Contains(t, errs.String(), "does not exist")
}
