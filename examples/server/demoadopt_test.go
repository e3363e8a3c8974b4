package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

func TestDemoRestartKeepsSavedSettingsValid(t *testing.T) {
	dir := t.TempDir()
	cfg := config{Addr: "127.0.0.1:0", Store: "sqlite:" + filepath.Join(dir, "pbiconnect.db"),
		Keyring: filepath.Join(dir, "pbiconnect.keyring"), Demo: true}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	owner := powerbi.NewContext(ctx, powerbi.Principal{UserID: "owner@demo", OrgID: demoOrg,
		Role: powerbi.RoleOwner})

	first, err := newApp(ctx, cfg, log)
	require.NoError(t, err)
	_, _, err = first.service.Save(owner, demoOrg, first.demo.creds.Settings, powerbi.AnyVersion)
	require.NoError(t, err)
	require.NoError(t, first.Close())

	second, err := newApp(ctx, cfg, log)
	require.NoError(t, err)
	defer second.Close()
	assert.NotEqual(t, first.demo.creds.Settings.ClientID, second.demo.creds.Settings.ClientID,
		"each run makes a new demo world")

	report, err := second.service.Test(owner, demoOrg, powerbi.Patch{})
	require.NoError(t, err)
	assert.Equal(t, powerbi.StatusPassed, report.Status, "checks: %+v", report.Checks)
	_, err = second.service.Update(owner, demoOrg, powerbi.Patch{}, 1)
	require.NoError(t, err, "the saved settings can be saved again")
}
