// Package crypto seals the secrets of pbiconnect with envelope encryption.
//
// An [Envelope] encrypts each plaintext under a fresh data key (DEK) with
// XChaCha20-Poly1305, then has a key-encryption key ([KEK]) wrap the DEK and
// stores the wrapped DEK beside the ciphertext. [Keyring], a versioned set of
// local keys kept in a private file, is the KEK pbiconnect embeds; a remote
// key service can take its place behind the same interface. Envelope
// implements [github.com/pbiconnect/pbiconnect/powerbi.Sealer] and
// [github.com/pbiconnect/pbiconnect/powerbi.Rewrapper].
//
// # Security invariants
//
//   - Seal makes a new random 256-bit DEK for every call, and the DEK
//     encrypts that one plaintext only. Rewrap re-wraps the DEK but never
//     encrypts data again.
//   - Seal makes the 24-byte data nonce from crypto/rand; Keyring.Wrap makes
//     the 24-byte nonce of each wrapped DEK the same way. No nonce comes from
//     the caller or from a counter.
//   - The data encryption authenticates the blob's magic and version and the
//     caller's associated data. The caller chooses the associated data to
//     name what the blob belongs to (pbiconnect uses the organization ID and
//     the record kind), so a blob copied to another organization does not
//     open.
//   - The key ID and wrapped DEK are not part of the data's associated data,
//     so that Rewrap can replace them without touching the ciphertext. They
//     are authenticated by the KEK (the keyring binds the key ID as
//     associated data of the wrap), and a DEK other than the one that sealed
//     the data fails the data's authentication in any case.
//   - Open returns plaintext only after authentication succeeds; a change to
//     any byte of a blob gives an error, never other plaintext.
//   - Errors name what failed, never key material or plaintext.
//
// # Blob format
//
// A blob of version 1 is laid out as follows; integers are big-endian.
//
//	offset     size   field
//	0          3      magic "pbc"
//	3          1      format version, 1
//	4          1      k, the length of the key ID (1..255)
//	5          k      key ID: printable ASCII naming the KEK's key
//	5+k        2      w, the length of the wrapped DEK (1..4096)
//	7+k        w      wrapped DEK, as the KEK returned it
//	7+k+w      24     nonce of the data encryption
//	31+k+w     n+16   XChaCha20-Poly1305 ciphertext and tag of the n-byte
//	                  plaintext, under the DEK, with associated data
//	                  "pbc" || 0x01 || the caller's associated data
//
// A wrapped DEK made by [Keyring] is its 24-byte nonce followed by the
// XChaCha20-Poly1305 ciphertext and tag of the 32-byte DEK under the key
// version named by the key ID, with associated data
// "pbiconnect keyring wrap v1" || 0x00 || key ID; 72 bytes in all.
//
// The files in testdata hold known-answer vectors for this format; the
// tests check both that they open and that sealing their inputs gives the
// same bytes again, so the format cannot drift unnoticed.
//
// # Keyring files
//
// [CreateKeyring] writes a new file with mode 0600; [OpenKeyring] refuses a
// file that the group or others may access. [Keyring.Rotate] adds a key
// version, makes it the primary and rewrites the file atomically. Blobs
// sealed before stay readable through their old key version; to move them
// to the new one, run the powerbi service's RotateKeys, which calls
// [Envelope.Rewrap] on every record. The file is JSON:
//
//	{
//	  "format": "pbiconnect-keyring/v1",
//	  "primary": "v2",
//	  "keys": [
//	    {"id": "v1", "created": "2026-01-02T03:04:05Z", "key": "<base64 of 32 bytes>"},
//	    {"id": "v2", "created": "2026-06-01T00:00:00Z", "key": "<base64 of 32 bytes>"}
//	  ]
//	}
//
// # Caching
//
// Unwrapping a DEK may be a remote call, so an Envelope keeps a small LRU
// cache of unwrapped DEKs, set by Config.CacheSize. Cached DEKs live in
// process memory until evicted.
package crypto
