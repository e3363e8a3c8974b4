package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// UnusualOrgIDs returns valid organization IDs (see [powerbi.ValidOrgID])
// that a careless store could mistake for paths, patterns or each other.
// Each call returns a new slice.
func UnusualOrgIDs() []string {
	return []string{
		"ünïcødé-组织", "🙂", "a.b.c", "a/b", "a/../b", "../../etc/passwd", "..", ".",
		"a:b", `C:\x`, `a\b`, "%2e%2e%2f", "Org", "org", "ORG", "-rf", "~", "CON", "nul",
		`*?<>|"'`, "a;b--", "x%_", strings.Repeat("x", 128), strings.Repeat("é", 64),
	}
}

func testOrgIDs(t *testing.T, open Opener) {
	ctx := context.Background()
	ids := UnusualOrgIDs()
	for _, org := range ids {
		require.True(t, powerbi.ValidOrgID(org), "suite bug: %q is not valid", org)
	}

	t.Run("EachIsStoredApart", func(t *testing.T) {
		s := open(t)
		for i, org := range ids {
			putVersions(t, s, org, int64(i%3+1))
		}
		for i, org := range ids {
			got, err := s.Get(ctx, org)
			require.NoError(t, err, "org %q", org)
			RequireRecordEqual(t, NewRecord(org, int64(i%3+1)), got)
			evs, err := s.History(ctx, org, 0)
			require.NoError(t, err, "org %q", org)
			require.Len(t, evs, i%3+1, "org %q", org)
			require.Equal(t, org, evs[0].OrgID)
		}
	})
	t.Run("ListIsInByteOrder", func(t *testing.T) {
		s := open(t)
		for _, org := range ids {
			put(t, s, NewRecord(org, 1))
		}
		want := slices.Clone(ids)
		slices.Sort(want)

		// Page one record at a time so every ID serves as a cursor.
		var got []string
		after := ""
		for range len(want) + 1 {
			recs, err := s.List(ctx, after, 1)
			require.NoError(t, err)
			if len(recs) == 0 {
				break
			}
			got = append(got, recs[0].OrgID)
			after = recs[0].OrgID
		}
		require.Equal(t, want, got)
	})
	t.Run("DeleteTouchesOnlyItsOrg", func(t *testing.T) {
		s := open(t)
		for _, org := range []string{"Org", "org", "a/b", "a"} {
			put(t, s, NewRecord(org, 1))
		}
		require.NoError(t, s.Delete(ctx, "org", 1, NewDeleteEvent("org", 1)))
		require.NoError(t, s.Delete(ctx, "a/b", 1, NewDeleteEvent("a/b", 1)))
		recs, err := s.List(ctx, "", 10)
		require.NoError(t, err)
		require.Equal(t, []string{"Org", "a"}, orgIDs(recs))
	})
}
