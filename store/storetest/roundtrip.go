package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

func testRoundTrip(t *testing.T, open Opener) {
	ctx := context.Background()
	allBytes := make([]byte, 256)
	for i := range allBytes {
		allBytes[i] = byte(i)
	}
	cases := []struct {
		name   string
		change func(*powerbi.Record)
	}{
		{"FullRecordIsKept", func(*powerbi.Record) {}},
		{"NilValidationStaysNil", func(r *powerbi.Record) { r.Validation = nil }},
		{"FailedReportIsKept", func(r *powerbi.Record) {
			r.Validation = &powerbi.Report{Status: powerbi.StatusFailed, CheckedAt: base,
				Checks: []powerbi.Check{{Name: "entra.password", Field: "password",
					Status: powerbi.StatusFailed, Code: "AADSTS50126",
					Message: "the password is wrong", Hint: "check \"caps lock\" <&>",
					Duration: 1500 * time.Millisecond}}}
		}},
		{"ReportWithoutChecksIsKept", func(r *powerbi.Record) {
			r.Validation = &powerbi.Report{Status: powerbi.StatusSkipped, CheckedAt: base}
		}},
		{"EverySealedByteIsKept", func(r *powerbi.Record) { r.Sealed = allBytes }},
		{"LargeSealedBlobIsKept", func(r *powerbi.Record) {
			r.Sealed = []byte(strings.Repeat("\x00\x01sealed\xfe", 1024))
		}},
		{"UnicodeFieldsAreKept", func(r *powerbi.Record) {
			r.Username = "jürgen.ößler@例え.jp"
			r.UpdatedBy = "user 'quoted' \"double\" \\ back"
			r.CreatedBy = "🙂"
		}},
		{"DistantTimesAreKept", func(r *powerbi.Record) {
			r.CreatedAt = time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC)
			r.UpdatedAt = time.Date(2199, 1, 1, 0, 0, 0, 1000, time.UTC)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			want := NewRecord("org-a", 1)
			tc.change(want)
			put(t, s, want)

			got, err := s.Get(ctx, "org-a")
			require.NoError(t, err)
			RequireRecordEqual(t, want, got)
			recs, err := s.List(ctx, "", 1)
			require.NoError(t, err)
			require.Len(t, recs, 1)
			RequireRecordEqual(t, want, recs[0])
		})
	}

	t.Run("EventFieldsAreKept", func(t *testing.T) {
		s := open(t)
		rec := NewRecord("org-a", 1)
		ev := powerbi.Event{OrgID: "org-a", Version: 1, Action: powerbi.ActionCreated,
			Actor: "ådmin \"x\"", At: base.Add(time.Microsecond),
			Fields: []string{"tenantId", "clientId", "clientSecret", "scope"}}
		require.NoError(t, s.Put(ctx, rec, ev))
		rec2 := NewRecord("org-a", 2)
		ev2 := NewEvent(rec2)
		ev2.Action, ev2.Fields = powerbi.ActionRekeyed, nil
		require.NoError(t, s.Put(ctx, rec2, ev2))

		evs, err := s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		RequireEventsEqual(t, []powerbi.Event{ev2, ev}, evs)
	})
}

func testCopies(t *testing.T, open Opener) {
	ctx := context.Background()

	t.Run("ChangingWrittenRecordChangesNothing", func(t *testing.T) {
		s := open(t)
		rec := NewRecord("org-a", 1)
		ev := NewEvent(rec)
		require.NoError(t, s.Put(ctx, rec, ev))
		scribble(rec)
		ev.Fields[0] = "scribbled"

		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, NewRecord("org-a", 1), got)
		evs, err := s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		RequireEventsEqual(t, []powerbi.Event{NewEvent(NewRecord("org-a", 1))}, evs)
	})
	t.Run("ChangingReturnedValuesChangesNothing", func(t *testing.T) {
		s := open(t)
		put(t, s, NewRecord("org-a", 1))
		got, err := s.Get(ctx, "org-a")
		require.NoError(t, err)
		scribble(got)
		recs, err := s.List(ctx, "", 10)
		require.NoError(t, err)
		require.Len(t, recs, 1)
		scribble(recs[0])
		evs, err := s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		require.Len(t, evs, 1)
		evs[0].Fields[0] = "scribbled"

		got, err = s.Get(ctx, "org-a")
		require.NoError(t, err)
		RequireRecordEqual(t, NewRecord("org-a", 1), got)
		evs, err = s.History(ctx, "org-a", 0)
		require.NoError(t, err)
		RequireEventsEqual(t, []powerbi.Event{NewEvent(NewRecord("org-a", 1))}, evs)
	})
}

// scribble changes every part of r that a store might share by reference.
func scribble(r *powerbi.Record) {
	r.Username = "scribbled"
	r.Sealed[0] ^= 0xff
	r.Validation.Status = powerbi.StatusFailed
	r.Validation.Checks[0].Name = "scribbled"
}
