package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// defaultLargeHistory is how many events the large-history case writes
// unless told otherwise.
const defaultLargeHistory = 1000

func testHistory(t *testing.T, open Opener, largeHistory int) {
	ctx := context.Background()

	t.Run("UnknownOrgIsEmpty", func(t *testing.T) {
		evs, err := open(t).History(ctx, "org-none", 0)
		require.NoError(t, err)
		require.Empty(t, evs)
	})
	t.Run("NewestFirstAndKeptAfterDelete", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 3)
		del := NewDeleteEvent("org-a", 3)
		require.NoError(t, s.Delete(ctx, "org-a", 3, del))

		evs, err := s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		want := []powerbi.Event{del, NewEvent(NewRecord("org-a", 3)),
			NewEvent(NewRecord("org-a", 2)), NewEvent(NewRecord("org-a", 1))}
		RequireEventsEqual(t, want, evs)
	})
	t.Run("LimitKeepsNewest", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 4)
		for _, tc := range []struct {
			limit    int
			versions []int64
		}{
			{1, []int64{4}},
			{2, []int64{4, 3}},
			{4, []int64{4, 3, 2, 1}},
			{10, []int64{4, 3, 2, 1}},
			{0, []int64{4, 3, 2, 1}},
			{-1, []int64{4, 3, 2, 1}},
		} {
			evs, err := s.History(ctx, "org-a", tc.limit)
			require.NoError(t, err)
			require.Equal(t, tc.versions, versions(evs), "limit %d", tc.limit)
		}
	})
	t.Run("OrganizationsAreSeparate", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 2)
		putVersions(t, s, "org-b", 3)
		evs, err := s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		require.Equal(t, []int64{2, 1}, versions(evs))
	})
	t.Run("LargeHistoryIsComplete", func(t *testing.T) {
		n := int64(largeHistory)
		s := open(t)
		putVersions(t, s, "org-a", n)

		evs, err := s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		require.Len(t, evs, int(n))
		for i, e := range evs {
			require.Equal(t, n-int64(i), e.Version, "event %d", i)
		}
		RequireEventsEqual(t, []powerbi.Event{NewEvent(NewRecord("org-a", n))}, evs[:1])

		evs, err = s.History(ctx, "org-a", 3)
		require.NoError(t, err)
		require.Equal(t, []int64{n, n - 1, n - 2}, versions(evs))
	})
}

func versions(evs []powerbi.Event) []int64 {
	out := make([]int64, len(evs))
	for i, e := range evs {
		out[i] = e.Version
	}
	return out
}
