package filestore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/filestore"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// conformanceHistory keeps the large-history case to a few seconds: every
// write here waits for three syncs of the disk.
const conformanceHistory = 200

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) powerbi.Store { return open(t, t.TempDir()) },
		storetest.LargeHistory(conformanceHistory))
}

// open opens a store in dir that is closed when the test ends.
func open(t testing.TB, dir string) *filestore.Store {
	t.Helper()
	s, err := filestore.Open(dir, filestore.Config{})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

// put writes version v of org through s.
func put(t testing.TB, s powerbi.Store, org string, v int64) {
	t.Helper()
	rec := storetest.NewRecord(org, v)
	require.NoError(t, s.Put(context.Background(), rec, storetest.NewEvent(rec)))
}

func TestOpen(t *testing.T) {
	cases := []struct {
		name    string
		prepare func(t *testing.T) string
		code    powerbi.Code
	}{
		{"MissingDirIsCreated", func(t *testing.T) string {
			return filepath.Join(t.TempDir(), "a", "b")
		}, ""},
		{"EmptyPathIsInvalid", func(*testing.T) string { return "" }, powerbi.Invalid},
		{"GroupWritableDirIsInvalid", func(t *testing.T) string {
			dir := filepath.Join(t.TempDir(), "shared")
			require.NoError(t, os.Mkdir(dir, 0o770))
			require.NoError(t, os.Chmod(dir, 0o770))
			return dir
		}, powerbi.Invalid},
		{"OpenRecordsDirIsInvalid", func(t *testing.T) string {
			dir := t.TempDir()
			require.NoError(t, os.Mkdir(filepath.Join(dir, "orgs"), 0o755))
			require.NoError(t, os.Chmod(filepath.Join(dir, "orgs"), 0o755))
			return dir
		}, powerbi.Invalid},
		{"FileIsInvalid", func(t *testing.T) string {
			path := filepath.Join(t.TempDir(), "file")
			require.NoError(t, os.WriteFile(path, nil, 0o600))
			return path
		}, powerbi.Invalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := filestore.Open(tc.prepare(t), filestore.Config{})
			if tc.code == "" {
				require.NoError(t, err)
				require.NoError(t, s.Close())
				return
			}
			require.Equal(t, tc.code, powerbi.ErrorCode(err), "error: %v", err)
		})
	}
}

func TestFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "store")
	s := open(t, dir)
	put(t, s, "org-a", 1)
	put(t, s, "org-a", 2)
	put(t, s, "../org-b", 1)
	require.NoError(t, s.Delete(context.Background(), "../org-b", 1,
		storetest.NewDeleteEvent("../org-b", 1)))

	var seen int
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		require.NoError(t, err)
		fi, err := d.Info()
		require.NoError(t, err)
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		require.Equal(t, want, fi.Mode().Perm(), "mode of %s", path)
		seen++
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, 6, seen, "dir, orgs, lock, one record and two histories")
}

func TestTemporaryFilesAreRemovedOnOpen(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	put(t, s, "org-a", 1)
	leftover := filepath.Join(dir, "orgs", ".tmp-123")
	require.NoError(t, os.WriteFile(leftover, []byte("half a record"), 0o600))

	open(t, dir)
	require.NoFileExists(t, leftover)
}

func TestClosedStoreFails(t *testing.T) {
	s, err := filestore.Open(t.TempDir(), filestore.Config{})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "second close")

	_, err = s.Get(context.Background(), "org-a")
	require.Equal(t, powerbi.Internal, powerbi.ErrorCode(err), "error: %v", err)
	rec := storetest.NewRecord("org-a", 1)
	err = s.Put(context.Background(), rec, storetest.NewEvent(rec))
	require.Equal(t, powerbi.Internal, powerbi.ErrorCode(err), "error: %v", err)
}

func TestInvalidInputIsRejected(t *testing.T) {
	s := open(t, t.TempDir())
	ctx := context.Background()
	_, err := s.Get(ctx, "has space")
	require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err))
	_, err = s.History(ctx, string([]byte{0xff}), 0)
	require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err))

	rec := storetest.NewRecord("org-a", 1)
	ev := storetest.NewEvent(rec)
	ev.OrgID = "org-b"
	require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(s.Put(ctx, rec, ev)))
	require.PanicsWithValue(t, "filestore: Put with a nil record", func() {
		_ = s.Put(ctx, nil, ev)
	})
}
