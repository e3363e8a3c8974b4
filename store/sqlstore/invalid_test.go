package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// invalidOrgIDs are IDs that powerbi.ValidOrgID rejects. A database must
// never see them: MySQL could truncate a long one into another org's ID.
var invalidOrgIDs = map[string]string{
	"Empty":         "",
	"TooLong":       strings.Repeat("x", 129),
	"TooLongInUTF8": strings.Repeat("é", 65),
	"InvalidUTF8":   "org-\xff\xfe",
	"WhiteSpace":    "org a",
	"Control":       "org\x00a",
}

func TestInvalidOrgIDsNeverReachTheDatabase(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			s := openStore(t, db.url(t))
			ctx := context.Background()
			// The 128-byte prefix of TooLong is a valid ID of its own.
			prefix := storetest.NewRecord(strings.Repeat("x", 128), 1)
			require.NoError(t, s.Put(ctx, prefix, storetest.NewEvent(prefix)))

			for name, org := range invalidOrgIDs {
				t.Run(name+"IsRejected", func(t *testing.T) {
					rec := storetest.NewRecord(org, 1)
					err := s.Put(ctx, rec, storetest.NewEvent(rec))
					require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err), "put: %v", err)
					_, err = s.Get(ctx, org)
					require.Equal(t, powerbi.NotFound, powerbi.ErrorCode(err), "get: %v", err)
					err = s.Delete(ctx, org, 1, storetest.NewDeleteEvent(org, 1))
					require.Equal(t, powerbi.NotFound, powerbi.ErrorCode(err), "delete: %v", err)
					evs, err := s.History(ctx, org, 0)
					require.NoError(t, err)
					require.Empty(t, evs)
				})
			}

			got, err := s.Get(ctx, prefix.OrgID)
			require.NoError(t, err)
			storetest.RequireRecordEqual(t, prefix, got)
			recs, err := s.List(ctx, "", 0)
			require.NoError(t, err)
			require.Len(t, recs, 1)
		})
	}
}

func TestPutRejectsEventOfAnotherOrg(t *testing.T) {
	s := openStore(t, sqliteURL(t))
	ctx := context.Background()
	rec := storetest.NewRecord("org-a", 1)
	ev := storetest.NewEvent(storetest.NewRecord("org-b", 1))
	require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(s.Put(ctx, rec, ev)))
	require.NoError(t, s.Put(ctx, rec, storetest.NewEvent(rec)))
	err := s.Delete(ctx, "org-a", 1, storetest.NewDeleteEvent("org-b", 1))
	require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err))

	evs, err := s.History(ctx, "org-b", 0)
	require.NoError(t, err)
	require.Empty(t, evs)
}
