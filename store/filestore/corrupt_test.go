package filestore_test

import (
	"context"
	"encoding/base32"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// fileOf returns the path of org's record (".rec") or history (".log") file
// as the package documentation lays it out.
func fileOf(dir, org, ext string) string {
	enc := base32.HexEncoding.WithPadding(base32.NoPadding).EncodeToString([]byte(org))
	return filepath.Join(dir, "orgs", strings.ToLower(enc)+ext)
}

func TestDamagedFiles(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string)
		// broken says which file of org-a the damage broke, so that calls
		// reading it fail with Internal: "record", "history", or "" for an
		// unfinished write that the store must see past.
		broken string
	}{
		{"TruncatedRecordIsInternal", func(t *testing.T, dir string) {
			path := fileOf(dir, "org-a", ".rec")
			fi, err := os.Stat(path)
			require.NoError(t, err)
			require.NoError(t, os.Truncate(path, fi.Size()/2))
		}, "record"},
		{"EmptyRecordIsInternal", func(t *testing.T, dir string) {
			require.NoError(t, os.Truncate(fileOf(dir, "org-a", ".rec"), 0))
		}, "record"},
		{"GarbageRecordIsInternal", func(t *testing.T, dir string) {
			writeFile(t, fileOf(dir, "org-a", ".rec"), "null")
		}, "record"},
		{"RecordOfOtherOrgIsInternal", func(t *testing.T, dir string) {
			copyFile(t, fileOf(dir, "org-b", ".rec"), fileOf(dir, "org-a", ".rec"))
		}, "record"},
		{"GarbledHistoryLineIsInternal", func(t *testing.T, dir string) {
			path := fileOf(dir, "org-a", ".log")
			lines := strings.SplitAfter(readFile(t, path), "\n")
			lines[1] = "{broken\n"
			writeFile(t, path, strings.Join(lines, ""))
		}, "history"},
		{"HistoryOfOtherOrgIsInternal", func(t *testing.T, dir string) {
			copyFile(t, fileOf(dir, "org-b", ".log"), fileOf(dir, "org-a", ".log"))
		}, "history"},
		{"MissingHistoryIsInternal", func(t *testing.T, dir string) {
			require.NoError(t, os.Remove(fileOf(dir, "org-a", ".log")))
		}, "history"},
		{"TornHistoryTailIsIgnored", func(t *testing.T, dir string) {
			appendFile(t, fileOf(dir, "org-a", ".log"), `{"orgId":"org-a","vers`)
		}, ""},
		{"UncommittedEventIsIgnored", func(t *testing.T, dir string) {
			line := `{"orgId":"org-a","version":4,"action":"replaced","actor":"crashed-writer",` +
				`"at":"2026-03-14T15:13:26Z","fields":null}` + "\n"
			appendFile(t, fileOf(dir, "org-a", ".log"), line)
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s := open(t, dir)
			for v := int64(1); v <= 3; v++ {
				put(t, s, "org-a", v)
			}
			put(t, s, "org-b", 1)
			tc.damage(t, dir)

			if tc.broken != "" {
				requireBroken(t, s, dir, tc.broken == "record")
				return
			}
			evs, err := s.History(ctx, "org-a", 0)
			require.NoError(t, err)
			require.Len(t, evs, 3)
			put(t, s, "org-a", 4)
			evs, err = s.History(ctx, "org-a", 0)
			require.NoError(t, err)
			storetest.RequireEventsEqual(t, []powerbi.Event{
				storetest.NewEvent(storetest.NewRecord("org-a", 4)),
				storetest.NewEvent(storetest.NewRecord("org-a", 3)),
			}, evs[:2])
			require.Len(t, evs, 4)
		})
	}
}

// requireBroken checks that the calls that read the damaged files of org-a
// fail with Internal, that no call changes those files, and that org-b is
// unaffected.
func requireBroken(t *testing.T, s powerbi.Store, dir string, record bool) {
	t.Helper()
	ctx := context.Background()
	recPath, logPath := fileOf(dir, "org-a", ".rec"), fileOf(dir, "org-a", ".log")
	rec, log := readFileOrEmpty(recPath), readFileOrEmpty(logPath)

	_, errHistory := s.History(ctx, "org-a", 0)
	next := storetest.NewRecord("org-a", 4)
	errPut := s.Put(ctx, next, storetest.NewEvent(next))
	errDelete := s.Delete(ctx, "org-a", 3, storetest.NewDeleteEvent("org-a", 3))
	errs := []error{errHistory, errPut, errDelete}
	_, errGet := s.Get(ctx, "org-a")
	_, errList := s.List(ctx, "", 0)
	if record {
		errs = append(errs, errGet, errList)
	} else {
		require.NoError(t, errGet, "get reads only the record file")
		require.NoError(t, errList, "list reads only record files")
	}
	for i, err := range errs {
		require.Equal(t, powerbi.Internal, powerbi.ErrorCode(err), "call %d: %v", i, err)
	}
	require.Equal(t, rec, readFileOrEmpty(recPath), "record file changed")
	require.Equal(t, log, readFileOrEmpty(logPath), "history file changed")

	got, err := s.Get(ctx, "org-b")
	require.NoError(t, err)
	storetest.RequireRecordEqual(t, storetest.NewRecord("org-b", 1), got)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func readFileOrEmpty(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	writeFile(t, to, readFile(t, from))
}

func appendFile(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.WriteString(content)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}
