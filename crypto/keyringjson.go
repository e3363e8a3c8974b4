package crypto

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"
)

// keyringFormat names the version of the keyring file format.
const keyringFormat = "pbiconnect-keyring/v1"

// maxKeyringFile bounds the size of a keyring file: about ten thousand key
// versions.
const maxKeyringFile = 1 << 20

// keyringFile is the JSON form of a keyring file.
type keyringFile struct {
	Format  string    `json:"format"`
	Primary string    `json:"primary"`
	Keys    []fileKey `json:"keys"`
}

type fileKey struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created,omitzero"`
	Key     []byte    `json:"key"` // base64
}

// decodeKeyring parses a keyring file and checks every key. Its errors
// never quote the file, which holds key material.
func decodeKeyring(data []byte) (string, map[string]keyVersion, error) {
	var kf keyringFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&kf); err != nil {
		return "", nil, fmt.Errorf("%w: not a keyring JSON document", ErrInvalidKeyring)
	}
	if dec.More() {
		return "", nil, fmt.Errorf("%w: data after the keyring", ErrInvalidKeyring)
	}
	if kf.Format != keyringFormat {
		return "", nil, fmt.Errorf("%w: format is not %q", ErrInvalidKeyring, keyringFormat)
	}
	keys := make(map[string]keyVersion, len(kf.Keys))
	for i, fk := range kf.Keys {
		switch {
		case !validKeyID(fk.ID):
			return "", nil, fmt.Errorf("%w: key %d has an invalid id", ErrInvalidKeyring, i)
		case len(fk.Key) != dekLen:
			return "", nil, fmt.Errorf("%w: key %q is not %d bytes", ErrInvalidKeyring, fk.ID, dekLen)
		case keys[fk.ID].key != nil:
			return "", nil, fmt.Errorf("%w: key %q appears twice", ErrInvalidKeyring, fk.ID)
		}
		keys[fk.ID] = keyVersion{key: fk.Key, created: fk.Created}
	}
	if _, ok := keys[kf.Primary]; !ok {
		return "", nil, fmt.Errorf("%w: primary %q is not among the keys", ErrInvalidKeyring, kf.Primary)
	}
	return kf.Primary, keys, nil
}

// encodeKeyring returns the file form of a keyring, keys sorted by ID.
func encodeKeyring(primary string, keys map[string]keyVersion) ([]byte, error) {
	kf := keyringFile{Format: keyringFormat, Primary: primary}
	for _, id := range sortedIDs(keys) {
		kf.Keys = append(kf.Keys, fileKey{ID: id, Created: keys[id].created, Key: keys[id].key})
	}
	data, err := json.MarshalIndent(kf, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("crypto: encode keyring: %w", err)
	}
	return append(data, '\n'), nil
}

func sortedIDs(keys map[string]keyVersion) []string {
	return slices.Sorted(maps.Keys(keys))
}
