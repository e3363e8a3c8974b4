package crypto_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pbiconnect/pbiconnect/crypto"
)

// Seal a secret for one organization and open it again; the same blob does
// not open for another organization.
func Example() {
	ctx := context.Background()
	env := crypto.New(crypto.NewKeyring(), crypto.Config{})

	blob, err := env.Seal(ctx, []byte("client secret"), []byte("org-1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	plain, err := env.Open(ctx, blob, []byte("org-1"))
	fmt.Printf("%s %v\n", plain, err)

	_, err = env.Open(ctx, blob, []byte("org-2"))
	fmt.Println(err)
	// Output:
	// client secret <nil>
	// crypto: message authentication failed: open data
}

// Create a keyring file, rotate it, and move an old blob to the new key.
func ExampleKeyring_Rotate() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "keyring")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	kr, err := crypto.CreateKeyring(filepath.Join(dir, "keyring.json"))
	if err != nil {
		fmt.Println(err)
		return
	}
	env := crypto.New(kr, crypto.Config{})
	blob, _ := env.Seal(ctx, []byte("password"), []byte("org-1"))

	newID, _ := kr.Rotate()
	moved, _ := env.Rewrap(ctx, blob)
	before, _ := crypto.KeyID(blob)
	after, _ := crypto.KeyID(moved)
	plain, _ := env.Open(ctx, moved, []byte("org-1"))
	fmt.Println(newID, before, after, string(plain))
	// Output: v2 v1 v2 password
}
