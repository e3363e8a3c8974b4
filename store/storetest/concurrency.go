package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// Sizes of the concurrency cases: small enough for a 2-core machine, large
// enough that writers collide.
const (
	writers       = 8  // goroutines racing for each version
	rounds        = 10 // versions raced for
	incrementers  = 4  // read-modify-write goroutines
	increments    = 6  // successful writes each incrementer makes
	parallelOrgs  = 4
	writesPerOrgs = 5
)

func testConcurrency(t *testing.T, open Opener) {
	t.Run("OneWriterWinsEachVersion", func(t *testing.T) { testOneWinner(t, open(t)) })
	t.Run("ReadModifyWriteLosesNoUpdate", func(t *testing.T) { testNoLostUpdate(t, open(t)) })
	t.Run("OrganizationsDoNotInterfere", func(t *testing.T) { testParallelOrgs(t, open(t)) })
}

func testOneWinner(t *testing.T, s powerbi.Store) {
	ctx := context.Background()
	put(t, s, NewRecord("org-a", 1))
	for v := int64(2); v <= rounds+1; v++ {
		errs := make([]error, writers)
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				rec := NewRecord("org-a", v)
				rec.UpdatedBy = fmt.Sprintf("writer-%d", w)
				errs[w] = s.Put(ctx, rec, NewEvent(rec))
			})
		}
		wg.Wait()

		won := 0
		for _, err := range errs {
			if err == nil {
				won++
				continue
			}
			require.Equal(t, powerbi.Conflict, powerbi.ErrorCode(err), "version %d: %v", v, err)
		}
		require.Equal(t, 1, won, "writers that won version %d", v)
	}
	requireNoGaps(t, s, "org-a", rounds+1)
}

func testNoLostUpdate(t *testing.T, s powerbi.Store) {
	ctx := context.Background()
	put(t, s, NewRecord("org-a", 1))
	errs := make([]error, incrementers)
	var wg sync.WaitGroup
	for w := range incrementers {
		wg.Go(func() { errs[w] = Increment(ctx, s, "org-a", fmt.Sprintf("writer-%d", w), increments) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}

	want := int64(1 + incrementers*increments)
	requireNoGaps(t, s, "org-a", want)
	evs, err := s.History(ctx, "org-a", 0)
	require.NoError(t, err)
	perWriter := map[string]int{}
	for _, e := range evs[:len(evs)-1] {
		perWriter[e.Actor]++
	}
	for w := range incrementers {
		require.Equal(t, increments, perWriter[fmt.Sprintf("writer-%d", w)], "writes of writer %d", w)
	}
}

// Increment makes n successful read-modify-write updates of org as actor:
// it reads the record, writes the next version with UpdatedBy set to actor,
// and tries again on Conflict, giving up after 100 attempts per update. It
// is exported for stores whose own tests race writers across processes.
func Increment(ctx context.Context, s powerbi.Store, org, actor string, n int) error {
	done := 0
	for attempt := 0; done < n; attempt++ {
		if attempt == 100*n {
			return fmt.Errorf("%s gave up after %d attempts", actor, attempt)
		}
		cur, err := s.Get(ctx, org)
		if err != nil {
			return err
		}
		next := NewRecord(org, cur.Version+1)
		next.UpdatedBy = actor
		err = s.Put(ctx, next, NewEvent(next))
		switch powerbi.ErrorCode(err) {
		case "":
			done++
		case powerbi.Conflict:
		default:
			return err
		}
	}
	return nil
}

func testParallelOrgs(t *testing.T, s powerbi.Store) {
	errs := make([]error, parallelOrgs)
	var wg sync.WaitGroup
	for i := range parallelOrgs {
		wg.Go(func() {
			org := fmt.Sprintf("org-%d", i)
			for v := int64(1); v <= writesPerOrgs && errs[i] == nil; v++ {
				rec := NewRecord(org, v)
				errs[i] = s.Put(context.Background(), rec, NewEvent(rec))
			}
		})
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err)
		requireNoGaps(t, s, fmt.Sprintf("org-%d", i), writesPerOrgs)
	}
}

// requireNoGaps checks that org is at version n and its history holds one
// event for each version from n down to 1.
func requireNoGaps(t *testing.T, s powerbi.Store, org string, n int64) {
	t.Helper()
	got, err := s.Get(context.Background(), org)
	require.NoError(t, err)
	require.Equal(t, n, got.Version)
	evs, err := s.History(context.Background(), org, 0)
	require.NoError(t, err)
	want := make([]int64, 0, n)
	for v := n; v >= 1; v-- {
		want = append(want, v)
	}
	require.Equal(t, want, versions(evs))
}
