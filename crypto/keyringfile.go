package crypto

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gofrs/flock"

	"github.com/pbiconnect/pbiconnect/internal/atomicfile"
)

// Errors about keyring files. Match them with errors.Is.
var (
	// ErrInsecureKeyring: the keyring file is not a regular file, or its
	// mode lets the group or others at it.
	ErrInsecureKeyring = errors.New("crypto: keyring file is not private")
	// ErrInvalidKeyring: the keyring file cannot be read as a keyring.
	ErrInvalidKeyring = errors.New("crypto: invalid keyring file")
)

// CreateKeyring writes a new keyring file at path, with mode 0600 and one
// fresh 256-bit key, "v1", as its primary, and returns the Keyring. It
// fails if the file already exists (errors.Is(err, fs.ErrExist)).
func CreateKeyring(path string) (*Keyring, error) {
	keys := map[string]keyVersion{}
	id, err := addKey(keys, rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("crypto: create keyring: %w", err)
	}
	data, err := encodeKeyring(id, keys)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("crypto: create keyring: %w", err)
	}
	if err := atomicfile.WriteSync(f, data); err != nil {
		_ = os.Remove(path)
		return nil, fmt.Errorf("crypto: create keyring: %w", err)
	}
	if err := atomicfile.SyncDir(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("crypto: create keyring: %w", err)
	}
	return &Keyring{path: path, rand: rand.Reader, primary: id, keys: keys}, nil
}

// OpenKeyring reads the keyring file at path. It fails with
// [ErrInsecureKeyring] if the file is not a regular file or its mode grants
// the group or others any access, and with [ErrInvalidKeyring] if it is not
// a well-formed keyring.
func OpenKeyring(path string) (*Keyring, error) {
	primary, keys, err := readKeyring(path)
	if err != nil {
		return nil, err
	}
	return &Keyring{path: path, rand: rand.Reader, primary: primary, keys: keys}, nil
}

// Rotate adds a fresh key version and makes it the primary, so new data
// keys are wrapped by it while the old versions still unwrap theirs. It
// returns the new key's ID.
//
// For a keyring read from a file, Rotate first takes an exclusive lock on
// path+".lock" and reads the file again, so versions that another process
// added are kept; it then writes the file anew through a temporary file,
// fsync and rename, so a crash leaves either the old or the new keyring.
// The Keyring changes only once the file is written.
func (k *Keyring) Rotate() (string, error) {
	if k.path == "" {
		k.mu.Lock()
		defer k.mu.Unlock()
		if k.keys == nil {
			return "", fmt.Errorf("crypto: rotate: keyring has no keys; make it with NewKeyring")
		}
		id, err := addKey(k.keys, k.rand)
		if err != nil {
			return "", fmt.Errorf("crypto: rotate: %w", err)
		}
		k.primary = id
		return id, nil
	}

	k.fileMu.Lock()
	defer k.fileMu.Unlock()
	lock := flock.New(k.path + ".lock")
	if err := lock.Lock(); err != nil {
		return "", fmt.Errorf("crypto: rotate: lock keyring: %w", err)
	}
	defer func() { _ = lock.Unlock() }()

	_, keys, err := readKeyring(k.path)
	if err != nil {
		return "", err
	}
	id, err := addKey(keys, k.rand)
	if err != nil {
		return "", fmt.Errorf("crypto: rotate: %w", err)
	}
	if err := writeKeyring(k.path, id, keys); err != nil {
		return "", err
	}
	k.mu.Lock()
	k.primary, k.keys = id, keys
	k.mu.Unlock()
	return id, nil
}

// Reload reads the keyring file again, so that key versions another
// process added are used, its primary included. It does nothing for a
// keyring kept in memory. Unwrap reloads by itself when it meets an unknown
// key ID; call Reload to make a rotation done elsewhere the primary here at
// once. Errors: as for [OpenKeyring]; on error the Keyring is unchanged.
func (k *Keyring) Reload() error {
	if k.path == "" {
		return nil
	}
	k.fileMu.Lock()
	defer k.fileMu.Unlock()
	primary, keys, err := readKeyring(k.path)
	if err != nil {
		return err
	}
	k.mu.Lock()
	k.primary, k.keys = primary, keys
	k.mu.Unlock()
	return nil
}

// minReloadGap is the shortest time between two reloads that unknown key
// IDs cause, so blobs naming made-up keys cannot keep the disk busy.
const minReloadGap = time.Second

// reloadForUnknown reloads a file-backed keyring after Unwrap met an
// unknown key ID, unless it did so less than minReloadGap ago. It reports
// whether it reloaded.
func (k *Keyring) reloadForUnknown() (bool, error) {
	if k.path == "" {
		return false, nil
	}
	k.mu.Lock()
	if time.Since(k.lastReload) < minReloadGap {
		k.mu.Unlock()
		return false, nil
	}
	k.lastReload = time.Now()
	k.mu.Unlock()
	return true, k.Reload()
}

// TODO: add a way to retire a key version once RotateKeys has moved every
// blob off it; today versions are only ever added.

// readKeyring reads, checks and decodes the keyring file at path.
func readKeyring(path string) (string, map[string]keyVersion, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("crypto: open keyring: %w", err)
	}
	defer f.Close()
	// Stat the open file, not the path, so the check holds for what is read.
	fi, err := f.Stat()
	if err != nil {
		return "", nil, fmt.Errorf("crypto: open keyring: %w", err)
	}
	if err := checkPrivate(fi); err != nil {
		return "", nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyringFile+1))
	if err != nil {
		return "", nil, fmt.Errorf("crypto: open keyring: %w", err)
	}
	if len(data) > maxKeyringFile {
		return "", nil, fmt.Errorf("%w: larger than %d bytes", ErrInvalidKeyring, maxKeyringFile)
	}
	return decodeKeyring(data)
}

// BUG(pbiconnect): On Windows, file modes do not reflect access control
// lists, so OpenKeyring does not check who may read the keyring file there;
// protect it with an ACL.

// checkPrivate fails unless fi is a regular file that only its owner may
// read or write.
func checkPrivate(fi os.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%w: not a regular file", ErrInsecureKeyring)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%w: mode %04o grants group or others access; want 0600",
			ErrInsecureKeyring, fi.Mode().Perm())
	}
	return nil
}

// writeKeyring replaces the file at path atomically: temporary file in the
// same directory, fsync, rename, fsync of the directory.
func writeKeyring(path, primary string, keys map[string]keyVersion) error {
	data, err := encodeKeyring(primary, keys)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, data, "."+filepath.Base(path)+".*.tmp"); err != nil {
		return fmt.Errorf("crypto: write keyring: %w", err)
	}
	return nil
}
