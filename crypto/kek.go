package crypto

import (
	"context"
	"errors"
)

// KEK is a key-encryption key: it wraps the data keys that [Envelope] makes
// and unwraps them again. [Keyring] is the local implementation; a remote
// key service such as Azure Key Vault can plug in behind the same two
// methods.
//
// Implementations must be safe for concurrent use and must authenticate
// what they unwrap: Unwrap fails, and never returns a different key, when
// wrapped or keyID was not produced together by Wrap. Neither method may
// put key material in an error.
type KEK interface {
	// Wrap encrypts dek under the KEK's current key and returns that key's
	// ID with the wrapped form. The ID must be 1 to 255 bytes of printable
	// ASCII without spaces; it is stored in the clear.
	Wrap(ctx context.Context, dek []byte) (keyID string, wrapped []byte, err error)

	// Unwrap returns the data key that Wrap turned into wrapped under the
	// key named keyID. It fails with an error matching [ErrUnknownKey] if
	// the KEK no longer has that key, and with one matching [ErrAuth] if
	// wrapped does not authenticate.
	Unwrap(ctx context.Context, keyID string, wrapped []byte) ([]byte, error)
}

// CurrentKEK is a [KEK] that can tell without a remote call which key Wrap
// uses now. [Envelope.Rewrap] uses it to pass over blobs that are already
// current without unwrapping their data keys.
type CurrentKEK interface {
	KEK
	// Primary returns the ID of the key that Wrap uses.
	Primary() string
}

// Errors returned by this package. Match them with errors.Is; their
// messages never hold key material or plaintext. The powerbi package
// reports all of them with code Internal.
var (
	// ErrMalformed: the blob is not an envelope this package can read.
	ErrMalformed = errors.New("crypto: malformed blob")
	// ErrAuth: a blob or wrapped key did not authenticate. It was changed,
	// or the associated data or key is not the one it was sealed with.
	ErrAuth = errors.New("crypto: message authentication failed")
	// ErrUnknownKey: the KEK does not hold the key a blob names.
	ErrUnknownKey = errors.New("crypto: unknown key")
	// ErrTooLarge: the plaintext is larger than [MaxPlaintext].
	ErrTooLarge = errors.New("crypto: plaintext too large")
)

// maxKeyID is the longest key ID a blob can carry.
const maxKeyID = 255

// validKeyID reports whether id fits in a blob header: 1 to 255 bytes of
// printable ASCII without spaces.
func validKeyID(id string) bool {
	if id == "" || len(id) > maxKeyID {
		return false
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x21 || id[i] > 0x7e {
			return false
		}
	}
	return true
}
