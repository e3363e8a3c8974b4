package sqlstore_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
)

// TestSecretsNeverReachTheDatabase saves settings through the service and
// then reads everything the database holds: every byte of the SQLite file,
// its WAL and shared memory, or every row of every table on a server.
func TestSecretsNeverReachTheDatabase(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			rawURL := db.url(t)
			s := openStore(t, rawURL)
			secrets := saveSecrets(t, s)

			dump := dumpDatabase(t, rawURL)
			if db.name == "sqlite" {
				require.NoError(t, s.Close()) // checkpoints the WAL into the file
				dump = append(dump, dumpDatabase(t, rawURL)...)
			}
			// The dump must hold the plain fields, or it proves nothing.
			require.True(t, bytes.Contains(dump, []byte(plainUsername)), "dump lacks the username")
			for _, secret := range secrets {
				for _, form := range encodings(secret) {
					assert.False(t, bytes.Contains(dump, []byte(form)), "a secret is in the database")
				}
			}
		})
	}
}

const plainUsername = "master.user@contoso.onmicrosoft.com"

// saveSecrets creates, then updates an organization's settings through a
// service with envelope encryption, and returns every secret it planted.
func saveSecrets(t *testing.T, store powerbi.Store) []string {
	t.Helper()
	secrets := []string{plant("client-secret"), plant("password"), plant("new-password")}
	svc := powerbi.NewService(powerbi.Config{
		Store:     store,
		Sealer:    crypto.New(crypto.NewKeyring(), crypto.Config{}),
		Validator: passing,
	})
	ctx := powerbi.NewContext(context.Background(),
		powerbi.Principal{UserID: "owner-1", OrgID: "org-a", Role: powerbi.RoleOwner})
	set := powerbi.Settings{
		TenantID:     "contoso.onmicrosoft.com",
		ClientID:     "0b8f0f6e-6c59-4d8a-9e7a-5c1f2f2d7b11",
		ClientSecret: powerbi.NewSecret(secrets[0]),
		WorkspaceID:  "f7a1c0de-2b3c-4d5e-8f90-a1b2c3d4e5f6",
		Username:     plainUsername,
		Password:     powerbi.NewSecret(secrets[1]),
	}
	_, _, err := svc.Save(ctx, "org-a", set, powerbi.AnyVersion)
	require.NoError(t, err)
	newPassword := powerbi.NewSecret(secrets[2])
	_, err = svc.Update(ctx, "org-a", powerbi.Patch{Password: &newPassword}, 1)
	require.NoError(t, err)

	// The secrets were stored, sealed: the service opens them again.
	in, err := svc.Credentials(context.Background(), "org-a")
	require.NoError(t, err)
	require.Equal(t, secrets[2], in.Settings.Password.Reveal())
	require.Equal(t, secrets[0], in.Settings.ClientSecret.Reveal())
	return secrets
}

// passing is a validator that accepts any settings.
var passing = powerbi.ValidatorFunc(func(context.Context, powerbi.Settings) powerbi.Report {
	return powerbi.Report{Checks: []powerbi.Check{{Name: "fake", Status: powerbi.StatusPassed}}}
})

// plant returns a secret no database could hold by chance.
func plant(what string) string {
	b := make([]byte, 12)
	rand.Read(b)
	return "planted-" + what + "-" + hex.EncodeToString(b)
}

// encodings returns the forms in which a careless store might write s.
func encodings(s string) []string {
	return []string{s, hex.EncodeToString([]byte(s)), strings.ToUpper(hex.EncodeToString([]byte(s))),
		base64.StdEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s))}
}

// dumpDatabase returns every byte the database at rawURL holds: the files
// of a SQLite database, or the rows of every table on a server.
func dumpDatabase(t *testing.T, rawURL string) []byte {
	t.Helper()
	if path, ok := strings.CutPrefix(rawURL, "sqlite:"); ok {
		var dump []byte
		entries, err := os.ReadDir(filepath.Dir(path))
		require.NoError(t, err)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(filepath.Dir(path), e.Name()))
			require.NoError(t, err)
			dump = append(dump, b...)
		}
		return dump
	}
	db, _ := rawDB(t, rawURL)
	var dump []byte
	for _, table := range []string{"pbiconnect_records", "pbiconnect_events", "pbiconnect_migrations"} {
		dump = append(dump, dumpTable(t, db, table)...)
	}
	return dump
}

// dumpTable returns the bytes of every column of every row of table.
func dumpTable(t *testing.T, db *sql.DB, table string) []byte {
	t.Helper()
	rows, err := db.Query("SELECT * FROM " + table)
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	var dump []byte
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		dest := make([]any, len(cols))
		for i := range vals {
			dest[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(dest...))
		for _, v := range vals {
			dump = append(append(dump, v...), '\n')
		}
	}
	require.NoError(t, rows.Err())
	return dump
}
