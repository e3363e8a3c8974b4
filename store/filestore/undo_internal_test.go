package filestore

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// A record write that fails after the event was appended cuts the event off
// the history file again; readers would skip it anyway, but the file stays
// what it was.
func TestFailedRecordWriteAddsNoEvent(t *testing.T) {
	ctx := context.Background()
	s, err := Open(t.TempDir(), Config{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	first := storetest.NewRecord("org-a", 1)
	require.NoError(t, s.Put(ctx, first, storetest.NewEvent(first)))

	before, err := os.Stat(s.historyPath("org-a"))
	require.NoError(t, err)
	write := s.writeRecord
	s.writeRecord = func(string, []byte) error { return errors.New("disk full") }
	next := storetest.NewRecord("org-a", 2)
	err = s.Put(ctx, next, storetest.NewEvent(next))
	require.Equal(t, powerbi.Internal, powerbi.ErrorCode(err), "error: %v", err)
	after, err := os.Stat(s.historyPath("org-a"))
	require.NoError(t, err)
	require.Equal(t, before.Size(), after.Size(), "the event was not cut off the history file")

	evs, err := s.History(ctx, "org-a", 0)
	require.NoError(t, err)
	require.Len(t, evs, 1, "the failed write left its event")
	rec, err := s.Get(ctx, "org-a")
	require.NoError(t, err)
	require.Equal(t, int64(1), rec.Version)

	s.writeRecord = write
	require.NoError(t, s.Put(ctx, next, storetest.NewEvent(next)))
	evs, err = s.History(ctx, "org-a", 0)
	require.NoError(t, err)
	require.Len(t, evs, 2)
}
