package crypto

import (
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/chacha20poly1305"
)

// The fixed parts of the v1 blob layout; see the package documentation.
const (
	magic       = "pbc"
	formatV1    = 1
	prefixLen   = len(magic) + 1 // magic and version byte
	maxWrapped  = 4096           // room for an RSA-4096 wrap and then some
	nonceLen    = chacha20poly1305.NonceSizeX
	tagLen      = chacha20poly1305.Overhead
	dekLen      = chacha20poly1305.KeySize
	minBlobSize = prefixLen + 1 + 1 + 2 + 1 + nonceLen + tagLen
)

// MaxPlaintext is the largest plaintext [Envelope.Seal] accepts, and so
// bounds the blobs [Envelope.Open] reads. Power BI settings use a few
// kilobytes at most.
const MaxPlaintext = 1 << 20

// blob is a parsed v1 envelope. Its slices alias the bytes it was parsed
// from.
type blob struct {
	keyID      string
	wrapped    []byte
	nonce      []byte
	ciphertext []byte // with the tag at the end
}

// marshal appends the v1 encoding of b to a new slice.
func (b *blob) marshal() []byte {
	n := prefixLen + 1 + len(b.keyID) + 2 + len(b.wrapped) + len(b.nonce) + len(b.ciphertext)
	out := make([]byte, 0, n)
	out = append(out, magic...)
	out = append(out, formatV1, byte(len(b.keyID)))
	out = append(out, b.keyID...)
	out = binary.BigEndian.AppendUint16(out, uint16(len(b.wrapped)))
	out = append(out, b.wrapped...)
	out = append(out, b.nonce...)
	return append(out, b.ciphertext...)
}

// parseBlob splits data into its fields, checking every length before it
// is used. It fails with ErrMalformed and says only which part is wrong.
func parseBlob(data []byte) (*blob, error) {
	if len(data) < minBlobSize || len(data) > minBlobSize+maxKeyID+maxWrapped+MaxPlaintext {
		return nil, fmt.Errorf("%w: bad length", ErrMalformed)
	}
	if string(data[:len(magic)]) != magic {
		return nil, fmt.Errorf("%w: bad magic", ErrMalformed)
	}
	if data[len(magic)] != formatV1 {
		return nil, fmt.Errorf("%w: unknown version %d", ErrMalformed, data[len(magic)])
	}
	rest := data[prefixLen:]

	k := int(rest[0])
	rest = rest[1:]
	if k == 0 || len(rest) < k+2 {
		return nil, fmt.Errorf("%w: bad key id length", ErrMalformed)
	}
	keyID := string(rest[:k])
	if !validKeyID(keyID) {
		return nil, fmt.Errorf("%w: bad key id", ErrMalformed)
	}
	rest = rest[k:]

	w := int(binary.BigEndian.Uint16(rest))
	rest = rest[2:]
	if w == 0 || w > maxWrapped || len(rest) < w+nonceLen+tagLen {
		return nil, fmt.Errorf("%w: bad wrapped key length", ErrMalformed)
	}
	b := &blob{keyID: keyID, wrapped: rest[:w:w]}
	rest = rest[w:]
	b.nonce, b.ciphertext = rest[:nonceLen:nonceLen], rest[nonceLen:]
	return b, nil
}

// dataAD is the associated data of the data encryption: the blob's magic
// and version, then the caller's associated data. The prefix has a fixed
// length, so the two parts cannot be shifted into each other. The key ID
// and wrapped key are left out on purpose, so that Rewrap can replace them
// without touching the ciphertext; they are authenticated by the KEK and,
// in the end, by the data key itself.
func dataAD(ad []byte) []byte {
	out := make([]byte, 0, prefixLen+len(ad))
	out = append(out, magic...)
	out = append(out, formatV1)
	return append(out, ad...)
}

// KeyID returns the ID of the key-encryption key that wraps blob's data
// key, without opening anything. It fails with [ErrMalformed]. It is meant
// for operators checking how far a key rotation has come.
func KeyID(blob []byte) (string, error) {
	b, err := parseBlob(blob)
	if err != nil {
		return "", err
	}
	return b.keyID, nil
}
