package crypto_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/crypto"
)

// countingKEK wraps a Keyring, counts the calls that reach it and hides
// its Primary method, the way a remote KEK without one would look.
type countingKEK struct {
	kr             *crypto.Keyring
	wraps, unwraps atomic.Int32
	fail           error
}

func (c *countingKEK) Wrap(ctx context.Context, dek []byte) (string, []byte, error) {
	c.wraps.Add(1)
	if c.fail != nil {
		return "", nil, c.fail
	}
	return c.kr.Wrap(ctx, dek)
}

func (c *countingKEK) Unwrap(ctx context.Context, keyID string, wrapped []byte) ([]byte, error) {
	c.unwraps.Add(1)
	if c.fail != nil {
		return nil, c.fail
	}
	return c.kr.Unwrap(ctx, keyID, wrapped)
}

func TestKeyringRotationKeepsOldBlobsAndSealsWithNewKey(t *testing.T) {
	ctx := context.Background()
	kr := crypto.NewKeyring()
	env := crypto.New(kr, crypto.Config{CacheSize: -1})
	old, err := env.Seal(ctx, []byte("before"), orgAD("org-1"))
	require.NoError(t, err)

	id, err := kr.Rotate()
	require.NoError(t, err)
	assert.Equal(t, "v2", id)
	assert.Equal(t, "v2", kr.Primary())

	got, err := env.Open(ctx, old, orgAD("org-1"))
	require.NoError(t, err, "a blob sealed before the rotation must still open")
	assert.Equal(t, "before", string(got))

	fresh, err := env.Seal(ctx, []byte("after"), orgAD("org-1"))
	require.NoError(t, err)
	gotID, err := crypto.KeyID(fresh)
	require.NoError(t, err)
	assert.Equal(t, "v2", gotID, "a blob sealed after the rotation must use the new key")
}

func TestEnvelopeRewrap(t *testing.T) {
	ctx := context.Background()
	ad := orgAD("org-1")
	tests := []struct {
		name    string
		current bool // whether the KEK exposes Primary
	}{
		{"keyring moves blob to new key", true},
		{"kek without primary moves blob to new key", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kr := crypto.NewKeyring()
			var kek crypto.KEK = kr
			if !tt.current {
				kek = &countingKEK{kr: kr}
			}
			env := crypto.New(kek, crypto.Config{})
			blob, err := env.Seal(ctx, []byte("secret"), ad)
			require.NoError(t, err)

			same, err := env.Rewrap(ctx, blob)
			require.NoError(t, err)
			require.Same(t, &blob[0], &same[0], "a current blob must come back as the same slice")

			_, err = kr.Rotate()
			require.NoError(t, err)
			moved, err := env.Rewrap(ctx, blob)
			require.NoError(t, err)
			id, err := crypto.KeyID(moved)
			require.NoError(t, err)
			assert.Equal(t, "v2", id)
			const dataLen = 24 + len("secret") + 16 // nonce, ciphertext, tag
			assert.Equal(t, blob[len(blob)-dataLen:], moved[len(moved)-dataLen:],
				"rewrap must leave nonce and ciphertext untouched")

			got, err := crypto.New(kr, crypto.Config{}).Open(ctx, moved, ad)
			require.NoError(t, err)
			assert.Equal(t, "secret", string(got))
		})
	}
}

func TestEnvelopeRewrapFails(t *testing.T) {
	ctx := context.Background()
	kr := crypto.NewKeyring()
	env := crypto.New(kr, crypto.Config{})
	blob, err := env.Seal(ctx, []byte("secret"), nil)
	require.NoError(t, err)
	_, err = kr.Rotate()
	require.NoError(t, err)

	other := crypto.NewKeyring()
	_, err = other.Rotate()
	require.NoError(t, err)
	unknown, err := crypto.KeyringFromKeys("k9", map[string][]byte{"k9": make([]byte, 32)})
	require.NoError(t, err)

	tampered := append([]byte(nil), blob...)
	tampered[8] ^= 1 // inside the wrapped key ("v1" ends at 6, its length at 8)
	tests := []struct {
		name string
		env  *crypto.Envelope
		blob []byte
		want error
	}{
		{"malformed blob fails", env, []byte("pbc"), crypto.ErrMalformed},
		{"tampered wrapped key fails", env, tampered, crypto.ErrAuth},
		{"other keyring's v1 fails", crypto.New(other, crypto.Config{}), blob, crypto.ErrAuth},
		{"unknown key id fails", crypto.New(unknown, crypto.Config{}), blob, crypto.ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.env.Rewrap(ctx, tt.blob)
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, got)
		})
	}
}

func TestEnvelopeCache(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		size        int
		wantUnwraps int32
	}{
		{"default cache skips the kek after seal", 0, 0},
		{"disabled cache asks the kek every time", -1, 3},
		{"one-entry cache evicts the older key", 1, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kek := &countingKEK{kr: crypto.NewKeyring()}
			env := crypto.New(kek, crypto.Config{CacheSize: tt.size})
			a, err := env.Seal(ctx, []byte("a"), nil)
			require.NoError(t, err)
			b, err := env.Seal(ctx, []byte("b"), nil)
			require.NoError(t, err)
			for _, blob := range [][]byte{a, b, a} {
				_, err := env.Open(ctx, blob, nil)
				require.NoError(t, err)
			}
			assert.Equal(t, tt.wantUnwraps, kek.unwraps.Load())
		})
	}
}

func TestEnvelopeKEKErrorsPropagate(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("vault unreachable")
	kr := crypto.NewKeyring()
	blob, err := crypto.New(kr, crypto.Config{}).Seal(ctx, []byte("x"), nil)
	require.NoError(t, err)

	env := crypto.New(&countingKEK{kr: kr, fail: boom}, crypto.Config{})
	_, err = env.Seal(ctx, []byte("x"), nil)
	assert.ErrorIs(t, err, boom, "seal")
	_, err = env.Open(ctx, blob, nil)
	assert.ErrorIs(t, err, boom, "open")
	_, err = env.Rewrap(ctx, blob)
	assert.ErrorIs(t, err, boom, "rewrap")
}

// badIDKEK returns a key ID that cannot go into a blob header.
type badIDKEK struct{ crypto.KEK }

func (b badIDKEK) Wrap(ctx context.Context, dek []byte) (string, []byte, error) {
	_, w, err := b.KEK.Wrap(ctx, dek)
	return "key id with spaces", w, err
}

func TestEnvelopeSealWithMalformedKeyIDFails(t *testing.T) {
	env := crypto.New(badIDKEK{crypto.NewKeyring()}, crypto.Config{})
	_, err := env.Seal(context.Background(), []byte("x"), nil)
	require.ErrorContains(t, err, "malformed key id")
}
