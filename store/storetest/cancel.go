package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// cancelWait bounds how long a call with a cancelled context may take.
const cancelWait = 5 * time.Second

func testCancel(t *testing.T, open Opener) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	rec := NewRecord("org-a", 2)
	calls := []struct {
		name string
		call func(powerbi.Store) error
	}{
		{"GetFails", func(s powerbi.Store) error { _, err := s.Get(cancelled, "org-a"); return err }},
		{"PutFailsAndWritesNothing", func(s powerbi.Store) error {
			return s.Put(cancelled, rec, NewEvent(rec))
		}},
		{"DeleteFailsAndWritesNothing", func(s powerbi.Store) error {
			return s.Delete(cancelled, "org-a", 1, NewDeleteEvent("org-a", 1))
		}},
		{"HistoryFails", func(s powerbi.Store) error {
			_, err := s.History(cancelled, "org-a", 0)
			return err
		}},
		{"ListFails", func(s powerbi.Store) error { _, err := s.List(cancelled, "", 10); return err }},
	}
	for _, tc := range calls {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			put(t, s, NewRecord("org-a", 1))

			done := make(chan error, 1)
			go func() { done <- tc.call(s) }()
			select {
			case err := <-done:
				require.Error(t, err)
				require.True(t, errors.Is(err, context.Canceled), "error %v is not context.Canceled", err)
			case <-time.After(cancelWait):
				t.Fatal("call with a cancelled context did not return")
			}

			got, err := s.Get(context.Background(), "org-a")
			require.NoError(t, err)
			RequireRecordEqual(t, NewRecord("org-a", 1), got)
			evs, err := s.History(context.Background(), "org-a", 0)
			require.NoError(t, err)
			require.Len(t, evs, 1)
		})
	}
}
