package crypto_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/pbiconnect/pbiconnect/crypto"
)

// FuzzOpen checks that no input but the sealed blob itself opens, and that
// nothing panics. Run it longer with go test -fuzz FuzzOpen ./crypto.
func FuzzOpen(f *testing.F) {
	ctx := context.Background()
	env := crypto.New(crypto.NewKeyring(), crypto.Config{})
	ad := orgAD("org-1")
	blob, err := env.Seal(ctx, []byte("secret"), ad)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(blob)
	f.Add(blob[:len(blob)-1])
	f.Add([]byte("pbc\x01\x02v1\x00\x48"))
	f.Fuzz(func(t *testing.T, data []byte) {
		plain, err := env.Open(ctx, data, ad)
		if bytes.Equal(data, blob) {
			if err != nil || string(plain) != "secret" {
				t.Fatalf("sealed blob: got %q, %v; want secret", plain, err)
			}
			return
		}
		if err == nil {
			t.Fatalf("changed blob opened to %q", plain)
		}
		if _, err := env.Rewrap(ctx, data); err == nil {
			// A blob rewrap accepts must still fail to open.
			if _, err := crypto.KeyID(data); err != nil {
				t.Fatalf("rewrap accepted a blob KeyID rejects: %v", err)
			}
		}
	})
}
