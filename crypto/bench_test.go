package crypto_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"testing"

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/pbiconnect/pbiconnect/crypto"
)

// payload is about the size of a record's sealed secrets.
var payload = bytes.Repeat([]byte("s"), 100)

// BenchmarkRawXChaCha is the baseline: one XChaCha20-Poly1305 seal and open
// of the payload with a fixed key and a fresh random nonce.
func BenchmarkRawXChaCha(b *testing.B) {
	key := make([]byte, chacha20poly1305.KeySize)
	rand.Read(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		b.Fatal(err)
	}
	nonce := make([]byte, chacha20poly1305.NonceSizeX)
	ad := orgAD("org-1")
	b.Run("Seal", func(b *testing.B) {
		for b.Loop() {
			rand.Read(nonce)
			aead.Seal(nil, nonce, payload, ad)
		}
	})
	ct := aead.Seal(nil, nonce, payload, ad)
	b.Run("Open", func(b *testing.B) {
		for b.Loop() {
			if _, err := aead.Open(nil, nonce, ct, ad); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEnvelope seals and opens the payload through an Envelope over an
// in-memory keyring, opening with the data key cached and without.
func BenchmarkEnvelope(b *testing.B) {
	ctx := context.Background()
	ad := orgAD("org-1")
	kr := crypto.NewKeyring()
	env := crypto.New(kr, crypto.Config{})
	b.Run("Seal", func(b *testing.B) {
		for b.Loop() {
			if _, err := env.Seal(ctx, payload, ad); err != nil {
				b.Fatal(err)
			}
		}
	})
	blob, err := env.Seal(ctx, payload, ad)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		env  *crypto.Envelope
	}{
		{"OpenCacheHit", env},
		{"OpenCacheMiss", crypto.New(kr, crypto.Config{CacheSize: -1})},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bc.env.Open(ctx, blob, ad); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
