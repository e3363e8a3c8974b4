package crypto_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/crypto"
)

func TestCreateKeyringWritesPrivateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keyring.json")
	kr, err := crypto.CreateKeyring(path)
	require.NoError(t, err)
	assert.Equal(t, "v1", kr.Primary())

	fi, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())
	}
	reopened, err := crypto.OpenKeyring(path)
	require.NoError(t, err)
	assert.Equal(t, "v1", reopened.Primary())

	_, err = crypto.CreateKeyring(path)
	require.ErrorIs(t, err, fs.ErrExist, "an existing keyring must never be overwritten")
}

func TestOpenKeyringRefusesSharedFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes do not describe access on windows")
	}
	for _, mode := range []fs.FileMode{0o640, 0o604, 0o644, 0o620, 0o660} {
		t.Run(mode.String()+" fails", func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keyring.json")
			_, err := crypto.CreateKeyring(path)
			require.NoError(t, err)
			require.NoError(t, os.Chmod(path, mode))
			_, err = crypto.OpenKeyring(path)
			require.ErrorIs(t, err, crypto.ErrInsecureKeyring)
		})
	}
	t.Run("directory fails", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "keyring.json")
		require.NoError(t, os.Mkdir(dir, 0o700))
		_, err := crypto.OpenKeyring(dir)
		require.ErrorIs(t, err, crypto.ErrInsecureKeyring)
	})
}

func TestOpenKeyringRefusesMalformedFile(t *testing.T) {
	key := base64.StdEncoding.EncodeToString(make([]byte, 32))
	short := base64.StdEncoding.EncodeToString(make([]byte, 16))
	doc := func(primary string, keys ...string) string {
		return `{"format":"pbiconnect-keyring/v1","primary":"` + primary +
			`","keys":[` + strings.Join(keys, ",") + `]}`
	}
	k := func(id, b64 string) string { return `{"id":"` + id + `","key":"` + b64 + `"}` }
	tests := []struct {
		name, content, wantErr string
	}{
		{"empty file fails", "", "not a keyring JSON"},
		{"not json fails", "v1=" + key, "not a keyring JSON"},
		{"unknown field fails", `{"format":"pbiconnect-keyring/v1","extra":1}`, "not a keyring JSON"},
		{"other format fails", strings.Replace(doc("v1", k("v1", key)), "/v1", "/v2", 1), "format"},
		{"short key fails", doc("v1", k("v1", short)), "not 32 bytes"},
		{"bad base64 fails", doc("v1", k("v1", "!!!")), "not a keyring JSON"},
		{"duplicate id fails", doc("v1", k("v1", key), k("v1", key)), "appears twice"},
		{"missing primary fails", doc("v2", k("v1", key)), "primary"},
		{"no keys fail", doc("v1"), "primary"},
		{"bad key id fails", doc("a b", k("a b", key)), "invalid id"},
		{"trailing data fails", doc("v1", k("v1", key)) + "{}", "data after"},
		{"oversized file fails", strings.Repeat(" ", 1<<20+1), "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "keyring.json")
			require.NoError(t, os.WriteFile(path, []byte(tt.content), 0o600))
			_, err := crypto.OpenKeyring(path)
			require.ErrorIs(t, err, crypto.ErrInvalidKeyring)
			assert.ErrorContains(t, err, tt.wantErr)
			assert.NotContains(t, err.Error(), key)
		})
	}
	t.Run("missing file fails", func(t *testing.T) {
		_, err := crypto.OpenKeyring(filepath.Join(t.TempDir(), "none.json"))
		require.ErrorIs(t, err, fs.ErrNotExist)
	})
}

func TestKeyringFileRotation(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "keyring.json")
	kr, err := crypto.CreateKeyring(path)
	require.NoError(t, err)
	old, err := crypto.New(kr, crypto.Config{}).Seal(ctx, []byte("before"), orgAD("org-1"))
	require.NoError(t, err)

	id, err := kr.Rotate()
	require.NoError(t, err)
	assert.Equal(t, "v2", id)

	// A process starting now reads the rotated file.
	reopened, err := crypto.OpenKeyring(path)
	require.NoError(t, err)
	assert.Equal(t, "v2", reopened.Primary())
	assert.Equal(t, []string{"v1", "v2"}, reopened.KeyIDs())
	env := crypto.New(reopened, crypto.Config{})
	got, err := env.Open(ctx, old, orgAD("org-1"))
	require.NoError(t, err)
	assert.Equal(t, "before", string(got))

	fi, err := os.Stat(path)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		assert.Equal(t, fs.FileMode(0o600), fi.Mode().Perm())
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"keyring.json", "keyring.json.lock"}, names,
		"rotation must leave no temporary file behind")
}

func TestKeyringFileRotationByTwoProcessesKeepsBothKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keyring.json")
	_, err := crypto.CreateKeyring(path)
	require.NoError(t, err)
	// Two handles on one file stand in for two processes.
	a, err := crypto.OpenKeyring(path)
	require.NoError(t, err)
	b, err := crypto.OpenKeyring(path)
	require.NoError(t, err)

	var wg sync.WaitGroup
	ids := make([]string, 2)
	for i, kr := range []*crypto.Keyring{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := kr.Rotate()
			assert.NoError(t, err)
			ids[i] = id
		}()
	}
	wg.Wait()
	assert.ElementsMatch(t, []string{"v2", "v3"}, ids)

	final, err := crypto.OpenKeyring(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"v1", "v2", "v3"}, final.KeyIDs())
}

func TestKeyringSeesOtherProcessRotation(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "keyring.json")
	writer, err := crypto.CreateKeyring(path)
	require.NoError(t, err)
	reader, err := crypto.OpenKeyring(path)
	require.NoError(t, err)
	_, err = writer.Rotate()
	require.NoError(t, err)
	blob, err := crypto.New(writer, crypto.Config{}).Seal(ctx, []byte("new"), nil)
	require.NoError(t, err)

	t.Run("unwrap of the new key reloads and opens", func(t *testing.T) {
		got, err := crypto.New(reader, crypto.Config{}).Open(ctx, blob, nil)
		require.NoError(t, err)
		assert.Equal(t, "new", string(got))
		assert.Equal(t, "v2", reader.Primary(), "the reload adopts the new primary")
	})
	t.Run("made-up key id fails", func(t *testing.T) {
		_, err := reader.Unwrap(ctx, "v9", make([]byte, 72))
		require.ErrorIs(t, err, crypto.ErrUnknownKey)
	})
	t.Run("explicit reload adopts the new primary", func(t *testing.T) {
		other, err := crypto.OpenKeyring(path)
		require.NoError(t, err)
		_, err = writer.Rotate()
		require.NoError(t, err)
		require.NoError(t, other.Reload())
		assert.Equal(t, "v3", other.Primary())
	})
	t.Run("reload of a file made public fails closed", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("file modes do not describe access on windows")
		}
		other, err := crypto.OpenKeyring(path)
		require.NoError(t, err)
		require.NoError(t, os.Chmod(path, 0o644))
		require.ErrorIs(t, other.Reload(), crypto.ErrInsecureKeyring)
		assert.Equal(t, "v3", other.Primary(), "a failed reload keeps the keyring as it was")
	})
}

func TestKeyringFileIsDocumentedJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keyring.json")
	_, err := crypto.CreateKeyring(path)
	require.NoError(t, err)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var doc struct {
		Format  string `json:"format"`
		Primary string `json:"primary"`
		Keys    []struct {
			ID  string `json:"id"`
			Key []byte `json:"key"`
		} `json:"keys"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, "pbiconnect-keyring/v1", doc.Format)
	assert.Equal(t, "v1", doc.Primary)
	require.Len(t, doc.Keys, 1)
	assert.Equal(t, "v1", doc.Keys[0].ID)
	assert.Len(t, doc.Keys[0].Key, 32)
}

func TestKeyringConcurrentRotateAndReloadKeepsNewestPrimary(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keyring.json")
	kr, err := crypto.CreateKeyring(path)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				_, err := kr.Rotate()
				assert.NoError(t, err)
				return
			}
			assert.NoError(t, kr.Reload())
		}()
	}
	wg.Wait()
	assert.Equal(t, "v4", kr.Primary())
	assert.Equal(t, []string{"v1", "v2", "v3", "v4"}, kr.KeyIDs())
}
