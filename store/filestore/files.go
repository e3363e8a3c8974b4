package filestore

import (
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/pbiconnect/pbiconnect/internal/atomicfile"
)

// File name parts. Every organization has a record file and a history file
// named after its encoded ID.
const (
	recordExt  = ".rec"
	historyExt = ".log"
	tempPrefix = ".tmp-"
)

// nameEncoding turns any organization ID into a file name of digits and
// lower-case letters, so that no ID can name a path, clash with another on
// a case-insensitive file system, or exceed the usual 255-byte name limit:
// 128 bytes encode to 205 characters.
var nameEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

func encodeName(org string) string {
	return strings.ToLower(nameEncoding.EncodeToString([]byte(org)))
}

// decodeName returns the organization of a record file name, or false for
// a file this package did not name.
func decodeName(name string) (string, bool) {
	base, ok := strings.CutSuffix(name, recordExt)
	if !ok || base == "" || base != strings.ToLower(base) {
		return "", false
	}
	b, err := nameEncoding.DecodeString(strings.ToUpper(base))
	if err != nil || encodeName(string(b)) != base {
		return "", false
	}
	return string(b), true
}

func (s *Store) recordPath(org string) string {
	return filepath.Join(s.dir, encodeName(org)+recordExt)
}

func (s *Store) historyPath(org string) string {
	return filepath.Join(s.dir, encodeName(org)+historyExt)
}

// readBounded reads a whole file of at most limit bytes. A missing file
// gives an error matching os.ErrNotExist.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("file is larger than %d bytes", limit)
	}
	return b, nil
}

// appendSync appends data to path, creating it with mode 0600, and syncs
// it, and the directory if the file is new. It returns the file's size
// before the append so that a caller can undo it with truncateSync.
func appendSync(path string, data []byte) (int64, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	if _, err := f.Write(data); err != nil {
		return fi.Size(), errors.Join(err, f.Truncate(fi.Size()))
	}
	if err := f.Sync(); err != nil {
		return fi.Size(), err
	}
	if fi.Size() == 0 {
		return 0, atomicfile.SyncDir(filepath.Dir(path))
	}
	return fi.Size(), nil
}

// truncateSync cuts path to size and syncs it.
func truncateSync(path string, size int64) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Truncate(size); err != nil {
		return err
	}
	return f.Sync()
}

// removeSync removes path and syncs its directory.
func removeSync(path string) error {
	if err := os.Remove(path); err != nil {
		return err
	}
	return atomicfile.SyncDir(filepath.Dir(path))
}
