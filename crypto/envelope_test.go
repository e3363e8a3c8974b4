package crypto_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/crypto"
)

// orgAD is associated data shaped like the powerbi service's.
func orgAD(org string) []byte { return []byte("pbiconnect/powerbi-settings/v1\x00" + org) }

func TestEnvelopeRoundTrip(t *testing.T) {
	ctx := context.Background()
	env := crypto.New(crypto.NewKeyring(), crypto.Config{})
	tests := []struct {
		name  string
		plain []byte
		ad    []byte
	}{
		{"empty plaintext opens empty", nil, orgAD("org-1")},
		{"empty associated data opens", []byte("secret"), nil},
		{"settings-sized plaintext opens", bytes.Repeat([]byte("s"), 100), orgAD("org-1")},
		{"largest plaintext opens", bytes.Repeat([]byte{0xa5}, crypto.MaxPlaintext), orgAD("org-2")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blob, err := env.Seal(ctx, tt.plain, tt.ad)
			require.NoError(t, err)
			assert.NotContains(t, string(blob), "secret")
			got, err := env.Open(ctx, blob, tt.ad)
			require.NoError(t, err)
			assert.Equal(t, len(tt.plain), len(got))
			assert.True(t, bytes.Equal(tt.plain, got), "plaintext differs")
		})
	}
}

func TestEnvelopeSealTooLargeFails(t *testing.T) {
	env := crypto.New(crypto.NewKeyring(), crypto.Config{})
	_, err := env.Seal(context.Background(), make([]byte, crypto.MaxPlaintext+1), nil)
	require.ErrorIs(t, err, crypto.ErrTooLarge)
}

func TestEnvelopeSealIsFreshEachTime(t *testing.T) {
	ctx := context.Background()
	env := crypto.New(crypto.NewKeyring(), crypto.Config{})
	a, err := env.Seal(ctx, []byte("same"), orgAD("org-1"))
	require.NoError(t, err)
	b, err := env.Seal(ctx, []byte("same"), orgAD("org-1"))
	require.NoError(t, err)
	assert.NotEqual(t, a, b, "two seals of one plaintext must differ (fresh DEK and nonce)")
}

func TestEnvelopeOpenWithOtherAssociatedDataFails(t *testing.T) {
	ctx := context.Background()
	env := crypto.New(crypto.NewKeyring(), crypto.Config{})
	blob, err := env.Seal(ctx, []byte("client-secret"), orgAD("org-1"))
	require.NoError(t, err)
	tests := []struct {
		name string
		ad   []byte
	}{
		{"other organization fails", orgAD("org-2")},
		{"organization prefix fails", orgAD("org-")},
		{"other record kind fails", []byte("pbiconnect/other/v1\x00org-1")},
		{"no associated data fails", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := env.Open(ctx, blob, tt.ad)
			require.ErrorIs(t, err, crypto.ErrAuth)
			assert.Nil(t, got)
		})
	}
}

func TestEnvelopeOpenWithOtherKeyringFails(t *testing.T) {
	ctx := context.Background()
	blob, err := crypto.New(crypto.NewKeyring(), crypto.Config{}).Seal(ctx, []byte("x"), nil)
	require.NoError(t, err)
	// Both keyrings name their first key "v1"; the key itself differs.
	_, err = crypto.New(crypto.NewKeyring(), crypto.Config{}).Open(ctx, blob, nil)
	require.ErrorIs(t, err, crypto.ErrAuth)
}

// TestEnvelopeTamperAnyByteFails flips each bit of every byte of a blob and
// opens it with a cold cache and with a warm one.
func TestEnvelopeTamperAnyByteFails(t *testing.T) {
	ctx := context.Background()
	kr := crypto.NewKeyring()
	ad := orgAD("org-1")
	plain := []byte(`{"clientSecret":"abc~123","password":"hunter2"}`)
	blob, err := crypto.New(kr, crypto.Config{}).Seal(ctx, plain, ad)
	require.NoError(t, err)

	for _, cache := range []struct {
		name string
		size int
	}{{"cold cache", -1}, {"warm cache", 0}} {
		t.Run(cache.name, func(t *testing.T) {
			env := crypto.New(kr, crypto.Config{CacheSize: cache.size})
			_, err := env.Open(ctx, blob, ad) // warms the cache when there is one
			require.NoError(t, err)
			for i := range blob {
				for bit := range 8 {
					bad := bytes.Clone(blob)
					bad[i] ^= 1 << bit
					got, err := env.Open(ctx, bad, ad)
					require.Error(t, err, "byte %d bit %d", i, bit)
					require.Nil(t, got, "byte %d bit %d", i, bit)
				}
			}
		})
	}
}

func TestEnvelopeOpenMalformedFails(t *testing.T) {
	ctx := context.Background()
	env := crypto.New(crypto.NewKeyring(), crypto.Config{})
	blob, err := env.Seal(ctx, []byte("secret"), nil)
	require.NoError(t, err)
	tests := []struct {
		name string
		blob []byte
	}{
		{"nil fails", nil},
		{"truncated header fails", blob[:10]},
		{"missing last byte fails", blob[:len(blob)-1]},
		{"extra trailing byte fails", append(bytes.Clone(blob), 0)},
		{"other version fails", append([]byte("pbc\x02"), blob[4:]...)},
		{"zero key id length fails", append([]byte("pbc\x01\x00"), blob[5:]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := env.Open(ctx, tt.blob, nil)
			require.Error(t, err)
			assert.Nil(t, got)
		})
	}
}

func TestEnvelopeErrorsHideSecrets(t *testing.T) {
	ctx := context.Background()
	key := bytes.Repeat([]byte{0x42}, 32)
	kr, err := crypto.KeyringFromKeys("v1", map[string][]byte{"v1": key})
	require.NoError(t, err)
	env := crypto.New(kr, crypto.Config{})
	plain := []byte("hunter2-very-secret")
	blob, err := env.Seal(ctx, plain, orgAD("org-1"))
	require.NoError(t, err)

	var errs []error
	_, err = env.Open(ctx, blob, orgAD("org-2"))
	errs = append(errs, err)
	bad := bytes.Clone(blob)
	bad[len(bad)-1] ^= 1
	_, err = env.Open(ctx, bad, orgAD("org-1"))
	errs = append(errs, err)
	_, err = crypto.New(crypto.NewKeyring(), crypto.Config{}).Open(ctx, blob, orgAD("org-1"))
	errs = append(errs, err)
	for _, err := range errs {
		require.Error(t, err)
		msg := err.Error()
		assert.NotContains(t, msg, string(plain))
		assert.NotContains(t, msg, hex.EncodeToString(key))
		assert.NotContains(t, msg, string(key))
	}
}

func TestEnvelopeConcurrentUseIsSafe(t *testing.T) {
	ctx := context.Background()
	kr := crypto.NewKeyring()
	env := crypto.New(kr, crypto.Config{CacheSize: 4})
	var wg sync.WaitGroup
	var failures atomic.Int32
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				if g == 0 && i == 25 {
					_, _ = kr.Rotate()
				}
				ad := orgAD(strings.Repeat("o", g+1))
				blob, err := env.Seal(ctx, []byte{byte(g), byte(i)}, ad)
				if err != nil {
					failures.Add(1)
					continue
				}
				got, err := env.Open(ctx, blob, ad)
				if err != nil || !bytes.Equal(got, []byte{byte(g), byte(i)}) {
					failures.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failures.Load())
}

func TestNewWithNilKEKPanics(t *testing.T) {
	assert.PanicsWithValue(t, "crypto: New needs a KEK", func() { crypto.New(nil, crypto.Config{}) })
}

func TestKeyIDNamesTheWrappingKey(t *testing.T) {
	kr := crypto.NewKeyring()
	blob, err := crypto.New(kr, crypto.Config{}).Seal(context.Background(), []byte("x"), nil)
	require.NoError(t, err)
	id, err := crypto.KeyID(blob)
	require.NoError(t, err)
	assert.Equal(t, kr.Primary(), id)

	_, err = crypto.KeyID([]byte("not a blob"))
	assert.True(t, errors.Is(err, crypto.ErrMalformed), "got %v, want ErrMalformed", err)
}
