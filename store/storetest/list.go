package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

func testList(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("EmptyStoreListsNothing", func(t *testing.T) {
		recs, err := open(t).List(ctx, "", 10)
		require.NoError(t, err)
		require.Empty(t, recs)
	})
	t.Run("PagesAscendAfterCursor", func(t *testing.T) {
		s := open(t)
		for _, org := range []string{"org-c", "org-a", "org-e", "org-b", "org-d"} {
			put(t, s, NewRecord(org, 1))
		}
		for _, tc := range []struct {
			after string
			limit int
			want  []string
		}{
			{"", 2, []string{"org-a", "org-b"}},
			{"org-b", 2, []string{"org-c", "org-d"}},
			{"org-d", 2, []string{"org-e"}},
			{"org-e", 2, nil},
			{"org-bb", 10, []string{"org-c", "org-d", "org-e"}},
			{"", 10, []string{"org-a", "org-b", "org-c", "org-d", "org-e"}},
		} {
			recs, err := s.List(ctx, tc.after, tc.limit)
			require.NoError(t, err)
			require.Equal(t, tc.want, orgIDs(recs), "after %q limit %d", tc.after, tc.limit)
		}
	})
	t.Run("LatestVersionsAreListed", func(t *testing.T) {
		s := open(t)
		putVersions(t, s, "org-a", 3)
		putVersions(t, s, "org-b", 1)
		recs, err := s.List(ctx, "", 10)
		require.NoError(t, err)
		require.Len(t, recs, 2)
		RequireRecordEqual(t, NewRecord("org-a", 3), recs[0])
		RequireRecordEqual(t, NewRecord("org-b", 1), recs[1])
	})
	t.Run("DeletedAreNotListed", func(t *testing.T) {
		s := open(t)
		put(t, s, NewRecord("org-a", 1))
		put(t, s, NewRecord("org-b", 1))
		require.NoError(t, s.Delete(ctx, "org-a", 1, NewDeleteEvent("org-a", 1)))
		recs, err := s.List(ctx, "", 10)
		require.NoError(t, err)
		require.Equal(t, []string{"org-b"}, orgIDs(recs))
	})
}

func orgIDs(recs []*powerbi.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.OrgID)
	}
	return out
}
