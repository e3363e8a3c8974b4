// Package atomicfile writes files so that a crash at any moment leaves
// either the old or the new content on disk, never a mix. The keyring and
// the file store both keep their state this way.
package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
)

// Write replaces path with data: it writes a temporary file in the same
// directory, named by pattern as os.CreateTemp names it, with mode 0600;
// syncs it; renames it over path; and syncs the directory. On error the
// temporary file is removed and path is left as it was.
func Write(path string, data []byte, pattern string) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	// CreateTemp makes the file 0600; say so rather than rely on it.
	if err = f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if err = WriteSync(f, data); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return err
	}
	return SyncDir(dir)
}

// WriteSync writes data to f, flushes it to disk and closes f.
func WriteSync(f *os.File, data []byte) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// SyncDir makes a creation, rename or removal in dir durable. Windows
// cannot sync a directory and needs no such step.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
