package filestore_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/filestore"
)

// passing is a validator that accepts any settings.
var passing = powerbi.ValidatorFunc(func(context.Context, powerbi.Settings) powerbi.Report {
	return powerbi.Report{CheckedAt: time.Now().UTC(), Checks: []powerbi.Check{
		{Name: "fake", Status: powerbi.StatusPassed},
	}}
})

func TestNoPlaintextSecretReachesDisk(t *testing.T) {
	dir := t.TempDir()
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := filestore.Open(dir, filestore.Config{Logger: logger})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	svc := powerbi.NewService(powerbi.Config{Store: s, Validator: passing, Logger: logger,
		Sealer: crypto.New(crypto.NewKeyring(), crypto.Config{})})

	const org = "org-secret-scan"
	ctx := powerbi.NewContext(context.Background(),
		powerbi.Principal{UserID: "owner-1", OrgID: org, Role: powerbi.RoleOwner})
	secret, password, password2 := planted(t, "client-secret"), planted(t, "password"),
		planted(t, "new-password")
	set := powerbi.Settings{
		TenantID:     "8c2b7a52-0d0b-4a4e-9f6e-2f1f3b9e6d41",
		ClientID:     "1f0e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
		ClientSecret: powerbi.NewSecret(secret),
		WorkspaceID:  "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
		Username:     "master@contoso.onmicrosoft.com",
		Password:     powerbi.NewSecret(password),
	}

	// Create, then change the password, so both an old and a new value
	// passed through the store.
	_, created, err := svc.Save(ctx, org, set, powerbi.AnyVersion)
	require.NoError(t, err)
	require.True(t, created)
	p2 := powerbi.NewSecret(password2)
	_, err = svc.Update(ctx, org, powerbi.Patch{Password: &p2}, 1)
	require.NoError(t, err)
	creds, err := svc.Credentials(context.Background(), org)
	require.NoError(t, err)
	require.Equal(t, secret, creds.Settings.ClientSecret.Reveal(), "the secret was stored")

	var scanned []byte
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		if d.IsDir() {
			return nil
		}
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		scanned = append(scanned, b...)
		return nil
	})
	require.NoError(t, err)
	scanned = append(scanned, logs.Bytes()...)

	// The scan sees what the store wrote: the plain fields are there.
	require.Contains(t, string(scanned), set.TenantID)
	require.Contains(t, string(scanned), set.Username)
	for i, plain := range []string{secret, password, password2} {
		for j, form := range encodings(plain) {
			require.False(t, bytes.Contains(scanned, []byte(form)),
				"secret %d reached the disk or the log in form %d", i, j)
		}
	}
}

// planted returns a unique secret that no other bytes could match by
// chance.
func planted(t *testing.T, what string) string {
	t.Helper()
	b := make([]byte, 12)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return "planted-" + what + "-" + hex.EncodeToString(b)
}

// encodings returns the forms in which a careless store could write plain:
// as it is, in hex, and in base64 at each of the three alignments it could
// have inside a longer encoded blob (less the partly covered ends).
func encodings(plain string) []string {
	forms := []string{plain, hex.EncodeToString([]byte(plain))}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for pad := range 3 {
			s := enc.EncodeToString(append(make([]byte, pad), plain...))
			if pad > 0 {
				s = s[4:]
			}
			forms = append(forms, s[:len(s)-4])
		}
	}
	return forms
}
