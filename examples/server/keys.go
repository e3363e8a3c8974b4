package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/pbiconnect/pbiconnect/crypto"
)

// openKeyring opens the keyring file at path, or creates it with a new key
// and mode 0600 when it does not exist. It reports whether it created it.
// OpenKeyring itself refuses a file that others may read.
func openKeyring(path string) (*crypto.Keyring, bool, error) {
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		kr, err := crypto.CreateKeyring(path)
		if err != nil {
			return nil, false, fmt.Errorf("create keyring: %w", err)
		}
		return kr, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("keyring: %w", err)
	}
	kr, err := crypto.OpenKeyring(path)
	if err != nil {
		return nil, false, fmt.Errorf("open keyring: %w", err)
	}
	return kr, false, nil
}
