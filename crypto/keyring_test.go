package crypto_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/crypto"
)

func TestKeyringFromKeys(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	tests := []struct {
		name    string
		primary string
		keys    map[string][]byte
		wantErr string
	}{
		{"two versions load", "v2", map[string][]byte{"v1": key, "v2": key}, ""},
		{"missing primary fails", "v3", map[string][]byte{"v1": key}, "primary"},
		{"short key fails", "v1", map[string][]byte{"v1": key[:31]}, "not 32 bytes"},
		{"key id with space fails", "a b", map[string][]byte{"a b": key}, "invalid key id"},
		{"empty key id fails", "", map[string][]byte{"": key}, "invalid key id"},
		{"no keys fail", "v1", nil, "primary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr, err := crypto.KeyringFromKeys(tt.primary, tt.keys)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				assert.NotContains(t, err.Error(), string(key))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.primary, kr.Primary())
			assert.Equal(t, []string{"v1", "v2"}, kr.KeyIDs())
		})
	}
}

func TestKeyringFromKeysCopiesKeys(t *testing.T) {
	ctx := context.Background()
	key := bytes.Repeat([]byte{7}, 32)
	kr, err := crypto.KeyringFromKeys("v1", map[string][]byte{"v1": key})
	require.NoError(t, err)
	id, wrapped, err := kr.Wrap(ctx, make([]byte, 32))
	require.NoError(t, err)
	clear(key)
	_, err = kr.Unwrap(ctx, id, wrapped)
	require.NoError(t, err, "changing the caller's slice must not change the keyring")
}

func TestKeyringUnwrap(t *testing.T) {
	ctx := context.Background()
	kr := crypto.NewKeyring()
	dek := bytes.Repeat([]byte{1}, 32)
	id, wrapped, err := kr.Wrap(ctx, dek)
	require.NoError(t, err)
	_, err = kr.Rotate()
	require.NoError(t, err)
	// A wrap under v2 that claims to be under v1 must not unwrap.
	_, underV2, err := kr.Wrap(ctx, dek)
	require.NoError(t, err)

	flipped := bytes.Clone(wrapped)
	flipped[len(flipped)-1] ^= 0x80
	tests := []struct {
		name    string
		keyID   string
		wrapped []byte
		want    error
	}{
		{"own wrap opens", id, wrapped, nil},
		{"unknown key id fails", "v9", wrapped, crypto.ErrUnknownKey},
		{"wrap moved to other key id fails", "v1", underV2, crypto.ErrAuth},
		{"flipped tag fails", id, flipped, crypto.ErrAuth},
		{"short wrap fails", id, wrapped[:30], crypto.ErrAuth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := kr.Unwrap(ctx, tt.keyID, tt.wrapped)
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, dek, got)
		})
	}
}

func TestKeyringRotateNumbersVersions(t *testing.T) {
	key := make([]byte, 32)
	kr, err := crypto.KeyringFromKeys("v7", map[string][]byte{"v7": key, "v3": key, "legacy": key})
	require.NoError(t, err)
	id, err := kr.Rotate()
	require.NoError(t, err)
	assert.Equal(t, "v8", id)
	assert.Equal(t, "v8", kr.Primary())
	assert.Equal(t, []string{"legacy", "v3", "v7", "v8"}, kr.KeyIDs())
}

func TestZeroKeyringFails(t *testing.T) {
	var kr crypto.Keyring
	_, _, err := kr.Wrap(context.Background(), make([]byte, 32))
	assert.ErrorContains(t, err, "no primary key", "wrap")
	_, err = kr.Unwrap(context.Background(), "v1", make([]byte, 72))
	assert.ErrorIs(t, err, crypto.ErrUnknownKey, "unwrap")
	_, err = kr.Rotate()
	assert.ErrorContains(t, err, "no keys", "rotate")
}
