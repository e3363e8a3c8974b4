package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"

	"github.com/pbiconnect/pbiconnect/crypto"
)

// openKeyring opens the keyring file at path, or creates it with a new key
// when it does not exist. It warns when the file can be read by others.
func openKeyring(path string, log *slog.Logger) (*crypto.Keyring, bool, error) {
	info, err := os.Stat(path)
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
	if info.Mode().Perm()&0o077 != 0 {
		log.Warn("keyring file is readable by others; chmod 600 it",
			"path", path, "mode", info.Mode().Perm().String())
	}
	kr, err := crypto.OpenKeyring(path)
	if err != nil {
		return nil, false, fmt.Errorf("open keyring: %w", err)
	}
	return kr, false, nil
}
