package powerbi_test

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"sync/atomic"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// testSealer is an AES-GCM sealer, enough to exercise associated data
// without the crypto package. Blob layout: nonce, ciphertext.
type testSealer struct{ aead cipher.AEAD }

func newTestSealer() *testSealer {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	b, _ := aes.NewCipher(k)
	g, _ := cipher.NewGCM(b)
	return &testSealer{aead: g}
}

func (s *testSealer) Seal(_ context.Context, plaintext, ad []byte) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize())
	_, _ = rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, plaintext, ad), nil
}

func (s *testSealer) Open(_ context.Context, blob, ad []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(blob) < n {
		return nil, errors.New("short blob")
	}
	return s.aead.Open(nil, blob[:n], blob[n:], ad)
}

// fakeValidator returns a report built from a status per check and counts
// its calls.
type fakeValidator struct {
	calls  atomic.Int64
	status atomic.Value // powerbi.Status
}

func newFakeValidator(st powerbi.Status) *fakeValidator {
	v := &fakeValidator{}
	v.status.Store(st)
	return v
}

func (v *fakeValidator) set(st powerbi.Status) { v.status.Store(st) }

func (v *fakeValidator) Validate(_ context.Context, s powerbi.Settings) powerbi.Report {
	v.calls.Add(1)
	st := v.status.Load().(powerbi.Status)
	c := powerbi.Check{Name: "entra.client_credentials", Field: "clientSecret", Status: st}
	if st == powerbi.StatusFailed {
		c.Code, c.Message, c.Hint = "AADSTS7000215", "Invalid client secret provided.", "Paste the secret's value, not its ID."
	}
	return powerbi.Report{Checks: []powerbi.Check{c}}
}
