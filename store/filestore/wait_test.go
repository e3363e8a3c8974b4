package filestore_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// While another process holds the directory, every call waiting for it
// gives up when its own context ends, even behind another waiting call.
func TestWaitingCallsHonourTheirContext(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	put(t, s, "org-a", 1)

	// Another process: a second descriptor on the lock file, held
	// exclusively.
	other := flock.New(filepath.Join(dir, "lock"))
	locked, err := other.TryLock()
	require.NoError(t, err)
	require.True(t, locked)
	released := false
	release := func() {
		if !released {
			released = true
			require.NoError(t, other.Unlock())
		}
	}
	defer release()

	// A first reader and a first writer wait with a long deadline.
	long, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 2)
	go func() { _, err := s.Get(long, "org-a"); done <- err }()
	go func() { done <- s.Delete(long, "org-b", 1, storetest.NewDeleteEvent("org-b", 1)) }()
	time.Sleep(50 * time.Millisecond)

	calls := map[string]func(ctx context.Context) error{
		"get":     func(ctx context.Context) error { _, err := s.Get(ctx, "org-a"); return err },
		"history": func(ctx context.Context) error { _, err := s.History(ctx, "org-a", 0); return err },
		"list":    func(ctx context.Context) error { _, err := s.List(ctx, "", 0); return err },
		"put": func(ctx context.Context) error {
			return s.Delete(ctx, "org-a", 1, storetest.NewDeleteEvent("org-a", 1))
		},
	}
	for name, call := range calls {
		t.Run(name+" gives up at its deadline", func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			start := time.Now()
			err := call(ctx)
			assert.True(t, errors.Is(err, context.DeadlineExceeded), "err: %v", err)
			assert.Less(t, time.Since(start), 2*time.Second)
		})
	}

	release()
	for range 2 {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the waiting calls did not go ahead once the lock was free")
		}
	}
}
