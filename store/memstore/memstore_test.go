package memstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) powerbi.Store { return memstore.New() })
}

func TestZeroValueConforms(t *testing.T) {
	storetest.Run(t, func(t *testing.T) powerbi.Store { return new(memstore.Store) })
}

func TestPutRejectsMalformedWrites(t *testing.T) {
	cases := []struct {
		name   string
		change func(*powerbi.Record, *powerbi.Event)
	}{
		{"EmptyOrgIDIsInvalid", func(r *powerbi.Record, e *powerbi.Event) { r.OrgID, e.OrgID = "", "" }},
		{"OrgIDWithSpaceIsInvalid", func(r *powerbi.Record, e *powerbi.Event) {
			r.OrgID, e.OrgID = "org a", "org a"
		}},
		{"EventOfOtherOrgIsInvalid", func(_ *powerbi.Record, e *powerbi.Event) { e.OrgID = "org-b" }},
		{"EventOfOtherVersionIsInvalid", func(_ *powerbi.Record, e *powerbi.Event) { e.Version = 2 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := memstore.New()
			rec := storetest.NewRecord("org-a", 1)
			ev := storetest.NewEvent(rec)
			tc.change(rec, &ev)
			err := s.Put(context.Background(), rec, ev)
			require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err), "error: %v", err)

			recs, err := s.List(context.Background(), "", 0)
			require.NoError(t, err)
			require.Empty(t, recs)
		})
	}
}

func TestDeleteWithMismatchedEventIsInvalid(t *testing.T) {
	s := memstore.New()
	rec := storetest.NewRecord("org-a", 1)
	require.NoError(t, s.Put(context.Background(), rec, storetest.NewEvent(rec)))
	err := s.Delete(context.Background(), "org-a", 1, storetest.NewDeleteEvent("org-b", 1))
	require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err), "error: %v", err)

	_, err = s.Get(context.Background(), "org-a")
	require.NoError(t, err)
}

func TestNilRecordPanics(t *testing.T) {
	require.PanicsWithValue(t, "memstore: Put with a nil record", func() {
		_ = memstore.New().Put(context.Background(), nil, powerbi.Event{})
	})
}
