package crypto

import (
	"context"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"io"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/crypto/chacha20poly1305"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// DefaultCacheSize is how many unwrapped data keys an [Envelope] keeps when
// Config.CacheSize is zero.
const DefaultCacheSize = 256

// Config configures an [Envelope]. The zero value is ready to use.
type Config struct {
	// CacheSize is how many unwrapped data keys to keep in memory, so that
	// opening the same blob again needs no call to the KEK. Zero means
	// DefaultCacheSize; a negative value turns the cache off.
	CacheSize int

	// rand is where data keys and nonces come from; nil means crypto/rand.
	// Only this package's tests set it, to produce known-answer vectors.
	rand io.Reader
}

// Envelope seals data with envelope encryption: a fresh data key per Seal,
// wrapped by a [KEK]. It implements [powerbi.Sealer] and [powerbi.Rewrapper].
//
// Unwrapped data keys are kept in memory in a small LRU cache keyed by the
// key ID and wrapped key, as ready ciphers, until they are evicted; Go
// offers no way to wipe them reliably. Only keys the KEK unwrapped, or that
// Seal made, enter the cache.
//
// The zero Envelope has no KEK and must not be used; make one with [New].
// An Envelope is safe for concurrent use.
type Envelope struct {
	kek   KEK
	cache *lru.Cache[string, cipher.AEAD] // nil when turned off
	rand  io.Reader
}

var (
	_ powerbi.Sealer    = (*Envelope)(nil)
	_ powerbi.Rewrapper = (*Envelope)(nil)
)

// New returns an Envelope whose data keys kek wraps. It panics if kek is
// nil.
func New(kek KEK, cfg Config) *Envelope {
	if kek == nil {
		panic("crypto: New needs a KEK")
	}
	e := &Envelope{kek: kek, rand: cfg.rand}
	if e.rand == nil {
		e.rand = rand.Reader
	}
	size := cfg.CacheSize
	if size == 0 {
		size = DefaultCacheSize
	}
	if size > 0 {
		c, err := lru.New[string, cipher.AEAD](size)
		if err != nil {
			panic("crypto: " + err.Error()) // only for size <= 0, excluded above
		}
		e.cache = c
	}
	return e
}

// Seal encrypts plaintext under a fresh data key and returns the blob,
// which opens only with the same associatedData. Errors: [ErrTooLarge] when
// plaintext exceeds [MaxPlaintext], or the KEK's error.
func (e *Envelope) Seal(ctx context.Context, plaintext, associatedData []byte) ([]byte, error) {
	if len(plaintext) > MaxPlaintext {
		return nil, ErrTooLarge
	}
	// One data key seals exactly one plaintext, and this Seal makes both it
	// and the nonce, so a (key, nonce) pair is never used twice; the random
	// nonce is a second, independent guard.
	dek := make([]byte, dekLen)
	defer clear(dek)
	if _, err := io.ReadFull(e.rand, dek); err != nil {
		return nil, fmt.Errorf("crypto: make data key: %w", err)
	}
	keyID, wrapped, err := e.wrap(ctx, dek)
	if err != nil {
		return nil, err
	}
	aead, err := chacha20poly1305.NewX(dek)
	if err != nil {
		return nil, fmt.Errorf("crypto: data cipher: %w", err)
	}
	nonce := make([]byte, nonceLen)
	if _, err := io.ReadFull(e.rand, nonce); err != nil {
		return nil, fmt.Errorf("crypto: make nonce: %w", err)
	}
	b := &blob{keyID: keyID, wrapped: wrapped, nonce: nonce}
	b.ciphertext = aead.Seal(nil, nonce, plaintext, dataAD(associatedData))
	e.remember(keyID, wrapped, aead)
	return b.marshal(), nil
}

// Open authenticates and decrypts a blob made by Seal with the same
// associated data. It never returns plaintext from a changed blob. Errors:
// [ErrMalformed], [ErrAuth] (changed blob, other associated data or key),
// [ErrUnknownKey], or the KEK's error.
func (e *Envelope) Open(ctx context.Context, data, associatedData []byte) ([]byte, error) {
	b, err := parseBlob(data)
	if err != nil {
		return nil, err
	}
	aead, err := e.dataCipher(ctx, b)
	if err != nil {
		return nil, err
	}
	plain, err := aead.Open(nil, b.nonce, b.ciphertext, dataAD(associatedData))
	if err != nil {
		return nil, fmt.Errorf("%w: open data", ErrAuth)
	}
	return plain, nil
}

// Rewrap returns data with its data key wrapped by the KEK's current key;
// the ciphertext is copied unchanged. If the data key already is wrapped
// by the current key, Rewrap returns data itself. Rewrap cannot check the
// ciphertext, which needs the associated data, but it does authenticate
// the wrapped key. Errors: as for Open, except that a changed ciphertext
// goes unnoticed until the next Open.
func (e *Envelope) Rewrap(ctx context.Context, data []byte) ([]byte, error) {
	b, err := parseBlob(data)
	if err != nil {
		return nil, err
	}
	if cur, ok := e.kek.(CurrentKEK); ok && cur.Primary() == b.keyID {
		return data, nil
	}
	dek, err := e.unwrap(ctx, b)
	if err != nil {
		return nil, err
	}
	defer clear(dek)
	keyID, wrapped, err := e.wrap(ctx, dek)
	if err != nil {
		return nil, err
	}
	if keyID == b.keyID {
		return data, nil // the KEK's current key already wrapped it
	}
	next := &blob{keyID: keyID, wrapped: wrapped, nonce: b.nonce, ciphertext: b.ciphertext}
	return next.marshal(), nil
}

// dataCipher returns the cipher for b's data key, from the cache or the
// KEK.
func (e *Envelope) dataCipher(ctx context.Context, b *blob) (cipher.AEAD, error) {
	if e.cache != nil {
		if aead, ok := e.cache.Get(cacheKey(b.keyID, b.wrapped)); ok {
			return aead, nil
		}
	}
	dek, err := e.unwrap(ctx, b)
	if err != nil {
		return nil, err
	}
	defer clear(dek)
	aead, err := chacha20poly1305.NewX(dek)
	if err != nil {
		return nil, fmt.Errorf("crypto: data cipher: %w", err)
	}
	e.remember(b.keyID, b.wrapped, aead)
	return aead, nil
}

// wrap has the KEK wrap dek and checks that the result fits a blob.
func (e *Envelope) wrap(ctx context.Context, dek []byte) (string, []byte, error) {
	keyID, wrapped, err := e.kek.Wrap(ctx, dek)
	if err != nil {
		return "", nil, fmt.Errorf("crypto: wrap data key: %w", err)
	}
	if !validKeyID(keyID) || len(wrapped) == 0 || len(wrapped) > maxWrapped {
		return "", nil, fmt.Errorf("crypto: wrap data key: KEK returned a malformed key id or wrapped key")
	}
	return keyID, wrapped, nil
}

// unwrap asks the KEK for b's data key and checks its size.
func (e *Envelope) unwrap(ctx context.Context, b *blob) ([]byte, error) {
	dek, err := e.kek.Unwrap(ctx, b.keyID, b.wrapped)
	if err != nil {
		return nil, fmt.Errorf("crypto: unwrap data key: %w", err)
	}
	if len(dek) != dekLen {
		clear(dek)
		return nil, fmt.Errorf("%w: unwrapped data key has the wrong size", ErrAuth)
	}
	return dek, nil
}

func (e *Envelope) remember(keyID string, wrapped []byte, aead cipher.AEAD) {
	if e.cache != nil {
		e.cache.Add(cacheKey(keyID, wrapped), aead)
	}
}

// cacheKey names a data key by its key ID and wrapped form together: the
// wrapped form alone would let a blob with a changed key ID open from the
// cache though the KEK would refuse it.
func cacheKey(keyID string, wrapped []byte) string {
	return string([]byte{byte(len(keyID))}) + keyID + string(wrapped)
}
