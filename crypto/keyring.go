package crypto

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/chacha20poly1305"
)

// Keyring is the local [KEK]: a set of 256-bit key versions, one of which,
// the primary, wraps new data keys. Older versions stay to unwrap the data
// keys they wrapped. A Keyring lives in memory ([NewKeyring],
// [KeyringFromKeys]) or in a file ([CreateKeyring], [OpenKeyring]), which
// [Keyring.Rotate] keeps up to date.
//
// A data key is wrapped with XChaCha20-Poly1305 under the primary key, with
// a fresh random nonce made by Wrap and the key ID as associated data, so a
// wrapped key moved to another key ID does not unwrap.
//
// The zero Keyring holds no keys, so every call on it fails; make one with
// a constructor. A Keyring is safe for concurrent use. Its keys stay in
// memory for its whole life.
type Keyring struct {
	path string    // "" for a keyring kept only in memory
	rand io.Reader // crypto/rand, except in this package's tests

	// fileMu orders this Keyring's reads and writes of its file, so a
	// Reload cannot put back what an overlapping Rotate replaced.
	fileMu sync.Mutex

	mu         sync.RWMutex
	primary    string
	keys       map[string]keyVersion
	lastReload time.Time // when an unknown key ID last made Unwrap reload
}

// keyVersion is one key of a keyring.
type keyVersion struct {
	key     []byte
	created time.Time
}

var _ CurrentKEK = (*Keyring)(nil)

// NewKeyring returns a Keyring kept only in memory, holding one fresh key
// with ID "v1" as its primary. It suits tests and examples: its keys are
// lost with the process, and with them every blob they wrapped.
func NewKeyring() *Keyring {
	k := &Keyring{rand: rand.Reader, keys: map[string]keyVersion{}}
	id, err := addKey(k.keys, k.rand)
	if err != nil {
		panic("crypto: " + err.Error()) // crypto/rand does not fail
	}
	k.primary = id
	return k
}

// KeyringFromKeys returns a Keyring kept only in memory that holds keys,
// with primary as its primary key, for hosts that keep their key versions
// in a secret manager of their own. Every key must be 32 bytes and every
// ID 1 to 255 bytes of printable ASCII without spaces. The keys are copied.
func KeyringFromKeys(primary string, keys map[string][]byte) (*Keyring, error) {
	k := &Keyring{rand: rand.Reader, primary: primary, keys: map[string]keyVersion{}}
	for id, key := range keys {
		if !validKeyID(id) {
			return nil, fmt.Errorf("crypto: keyring: invalid key id %q", id)
		}
		if len(key) != dekLen {
			return nil, fmt.Errorf("crypto: keyring: key %q is not %d bytes", id, dekLen)
		}
		k.keys[id] = keyVersion{key: append([]byte(nil), key...)}
	}
	if _, ok := k.keys[primary]; !ok {
		return nil, fmt.Errorf("crypto: keyring: primary %q is not among the keys", primary)
	}
	return k, nil
}

// Primary returns the ID of the key that wraps new data keys.
func (k *Keyring) Primary() string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.primary
}

// KeyIDs returns the IDs of every key version, sorted.
func (k *Keyring) KeyIDs() []string {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return sortedIDs(k.keys)
}

// Wrap implements [KEK] with the primary key.
func (k *Keyring) Wrap(_ context.Context, dek []byte) (string, []byte, error) {
	k.mu.RLock()
	id, kv := k.primary, k.keys[k.primary]
	k.mu.RUnlock()

	if kv.key == nil {
		return "", nil, fmt.Errorf("crypto: keyring has no primary key")
	}
	aead, err := chacha20poly1305.NewX(kv.key)
	if err != nil {
		return "", nil, fmt.Errorf("crypto: keyring cipher: %w", err)
	}
	// Wrap makes every nonce itself; 192 random bits make a repeat under one
	// key negligible however many data keys it wraps.
	nonce := make([]byte, nonceLen, nonceLen+len(dek)+tagLen)
	if _, err := io.ReadFull(k.rand, nonce); err != nil {
		return "", nil, fmt.Errorf("crypto: keyring nonce: %w", err)
	}
	return id, aead.Seal(nonce, nonce, dek, wrapAD(id)), nil
}

// Unwrap implements [KEK]. A keyring read from a file that meets an
// unknown key ID reads the file again, at most once a second, in case
// another process rotated it. Unwrap fails with [ErrUnknownKey],
// [ErrAuth], or an error of [Keyring.Reload].
func (k *Keyring) Unwrap(_ context.Context, keyID string, wrapped []byte) ([]byte, error) {
	kv, ok := k.key(keyID)
	if !ok {
		reloaded, err := k.reloadForUnknown()
		if err != nil {
			return nil, fmt.Errorf("crypto: unwrap with unknown key %q: %w", keyID, err)
		}
		if reloaded {
			kv, ok = k.key(keyID)
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownKey, keyID)
	}
	if len(wrapped) < nonceLen+tagLen {
		return nil, fmt.Errorf("%w: wrapped key too short", ErrAuth)
	}
	aead, err := chacha20poly1305.NewX(kv.key)
	if err != nil {
		return nil, fmt.Errorf("crypto: keyring cipher: %w", err)
	}
	dek, err := aead.Open(nil, wrapped[:nonceLen], wrapped[nonceLen:], wrapAD(keyID))
	if err != nil {
		return nil, fmt.Errorf("%w: unwrap with key %q", ErrAuth, keyID)
	}
	return dek, nil
}

func (k *Keyring) key(id string) (keyVersion, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	kv, ok := k.keys[id]
	return kv, ok
}

// wrapAD binds a wrapped data key to the ID of the key that wrapped it.
func wrapAD(keyID string) []byte {
	return []byte("pbiconnect keyring wrap v1\x00" + keyID)
}

// addKey adds a fresh key to keys under the next free version ID and
// returns the ID.
func addKey(keys map[string]keyVersion, r io.Reader) (string, error) {
	key := make([]byte, dekLen)
	if _, err := io.ReadFull(r, key); err != nil {
		return "", fmt.Errorf("keyring: make key: %w", err)
	}
	id := nextKeyID(keys)
	keys[id] = keyVersion{key: key, created: time.Now().UTC()}
	return id, nil
}

// nextKeyID returns "v" and one more than the highest version among the
// IDs of the form v<N>.
func nextKeyID(keys map[string]keyVersion) string {
	var top uint64
	for id := range keys {
		num, ok := strings.CutPrefix(id, "v")
		if n, err := strconv.ParseUint(num, 10, 32); ok && err == nil && n > top {
			top = n
		}
	}
	return "v" + strconv.FormatUint(top+1, 10)
}
