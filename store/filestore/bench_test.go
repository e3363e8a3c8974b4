package filestore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// BenchmarkBaselineReadFile is the floor for Get: reading the same record
// file with os.ReadFile, without lock, decoding or checks.
func BenchmarkBaselineReadFile(b *testing.B) {
	dir := b.TempDir()
	put(b, open(b, dir), "org-a", 1)
	path := fileOf(dir, "org-a", ".rec")
	for b.Loop() {
		if _, err := os.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGet(b *testing.B) {
	s := open(b, b.TempDir())
	put(b, s, "org-a", 1)
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.Get(ctx, "org-a"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineWriteRename is the floor for Put: writing the same
// record bytes to a temporary file, syncing it, renaming it into place and
// syncing the directory, without lock, history or checks.
func BenchmarkBaselineWriteRename(b *testing.B) {
	dir := b.TempDir()
	put(b, open(b, dir), "org-a", 1)
	path := fileOf(dir, "org-a", ".rec")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	tmp := filepath.Join(filepath.Dir(path), "baseline.tmp")
	for b.Loop() {
		f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Write(data); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		syncDir(b, filepath.Dir(path))
	}
}

func BenchmarkPut(b *testing.B) {
	s := open(b, b.TempDir())
	ctx := context.Background()
	rec := storetest.NewRecord("org-a", 1)
	for b.Loop() {
		if err := s.Put(ctx, rec, storetest.NewEvent(rec)); err != nil {
			b.Fatal(err)
		}
		rec.Version++
	}
}

func syncDir(b *testing.B, dir string) {
	d, err := os.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		b.Fatal(err)
	}
}
