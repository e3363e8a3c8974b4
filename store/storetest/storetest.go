package storetest

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// Opener returns a fresh, empty store for one subtest and registers any
// cleanup with t.Cleanup.
type Opener func(t *testing.T) powerbi.Store

// Option adjusts how [Run] exercises a store.
type Option func(*options)

type options struct {
	largeHistory int
}

// LargeHistory sets how many events the large-history case writes, one
// write each; the default is 1000, and a tenth of that under go test
// -short. A store whose every write waits for the disk, such as one that
// syncs files, may pass a smaller n to keep the suite fast. Values below
// 10 are raised to 10.
func LargeHistory(n int) Option {
	return func(o *options) { o.largeHistory = max(n, 10) }
}

// Run runs the whole conformance suite against the stores that open
// returns, one fresh store per subtest. It is meant to be called from a
// store's own test function; see the package documentation for what it
// checks. Run is safe to call from parallel tests if open is.
func Run(t *testing.T, open func(t *testing.T) powerbi.Store, opts ...Option) {
	t.Helper()
	o := options{largeHistory: defaultLargeHistory}
	if testing.Short() {
		o.largeHistory /= 10
	}
	for _, opt := range opts {
		opt(&o)
	}
	groups := []struct {
		name string
		run  func(*testing.T, Opener)
	}{
		{"Create", testCreate},
		{"Replace", testReplace},
		{"Delete", testDelete},
		{"History", func(t *testing.T, open Opener) { testHistory(t, open, o.largeHistory) }},
		{"List", testList},
		{"RoundTrip", testRoundTrip},
		{"Copies", testCopies},
		{"OrgIDs", testOrgIDs},
		{"Cancel", testCancel},
		{"Concurrency", testConcurrency},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) { g.run(t, open) })
	}
}

// base is the time of every record and event the suite writes, at the
// microsecond precision stores must keep.
var base = time.Date(2026, time.March, 14, 15, 9, 26, 535897000, time.UTC)

// NewRecord returns a record of org at the given version with every field
// set, its times in UTC at microsecond precision and distinct per version,
// and a sealed blob that differs per org and version. It is deterministic.
func NewRecord(org string, version int64) *powerbi.Record {
	at := base.Add(time.Duration(version) * time.Minute)
	return &powerbi.Record{
		OrgID:       org,
		Version:     version,
		TenantID:    "contoso.onmicrosoft.com",
		ClientID:    "0b8f0f6e-6c59-4d8a-9e7a-5c1f2f2d7b11",
		Scope:       powerbi.DefaultScope,
		WorkspaceID: "f7a1c0de-2b3c-4d5e-8f90-a1b2c3d4e5f6",
		Username:    fmt.Sprintf("master%d@contoso.onmicrosoft.com", version),
		Sealed:      []byte(fmt.Sprintf("sealed\x00\xff%s/%d", org, version)),
		Validation: &powerbi.Report{
			Status:    powerbi.StatusPassed,
			CheckedAt: at.Add(-time.Second),
			Checks: []powerbi.Check{
				{Name: "entra.client_credentials", Field: "clientSecret",
					Status: powerbi.StatusPassed, Duration: 120 * time.Millisecond},
				{Name: "powerbi.workspace", Field: "workspaceId", Status: powerbi.StatusPassed,
					Code: "OK", Message: "workspace reachable", Hint: "none",
					Duration: 3 * time.Second},
			},
		},
		CreatedAt: base,
		CreatedBy: "user-creator",
		UpdatedAt: at,
		UpdatedBy: fmt.Sprintf("user-%d", version),
	}
}

// NewEvent returns the event that records writing rec: created for
// version 1, replaced otherwise, with rec's update time and author.
func NewEvent(rec *powerbi.Record) powerbi.Event {
	action := powerbi.ActionReplaced
	if rec.Version == 1 {
		action = powerbi.ActionCreated
	}
	return powerbi.Event{OrgID: rec.OrgID, Version: rec.Version, Action: action,
		Actor: rec.UpdatedBy, At: rec.UpdatedAt, Fields: []string{"tenantId", "password"}}
}

// NewDeleteEvent returns the event that records deleting version of org.
func NewDeleteEvent(org string, version int64) powerbi.Event {
	return powerbi.Event{OrgID: org, Version: version, Action: powerbi.ActionDeleted,
		Actor: "user-deleter", At: base.Add(time.Duration(version)*time.Minute + time.Second)}
}

// RequireRecordEqual fails t unless got holds the same record as want,
// comparing times with Equal, durations to the millisecond, and nil and
// empty slices alike.
func RequireRecordEqual(t testing.TB, want, got *powerbi.Record) {
	t.Helper()
	require.NotNil(t, got, "record")
	require.True(t, bytes.Equal(want.Sealed, got.Sealed), "sealed bytes differ")
	require.Equal(t, normRecord(want), normRecord(got))
}

// RequireEventsEqual fails t unless got holds the same events as want in
// the same order, under the rules of [RequireRecordEqual].
func RequireEventsEqual(t testing.TB, want, got []powerbi.Event) {
	t.Helper()
	require.Equal(t, normEvents(want), normEvents(got))
}

func normRecord(r *powerbi.Record) powerbi.Record {
	n := *r
	n.Sealed = nil // compared exactly by the caller
	n.CreatedAt, n.UpdatedAt = normTime(r.CreatedAt), normTime(r.UpdatedAt)
	if r.Validation != nil {
		v := *r.Validation
		v.CheckedAt = normTime(v.CheckedAt)
		v.Checks = nil
		for _, c := range r.Validation.Checks {
			c.Duration = c.Duration.Truncate(time.Millisecond)
			v.Checks = append(v.Checks, c)
		}
		n.Validation = &v
	}
	return n
}

func normEvents(evs []powerbi.Event) []powerbi.Event {
	out := make([]powerbi.Event, 0, len(evs))
	for _, e := range evs {
		e.At = normTime(e.At)
		if len(e.Fields) == 0 {
			e.Fields = nil
		}
		out = append(out, e)
	}
	return out
}

// normTime strips the monotonic reading and location so that equal
// instants compare equal.
func normTime(t time.Time) time.Time { return t.Round(0).UTC() }

// put writes rec with its event and fails t on error.
func put(t *testing.T, s powerbi.Store, rec *powerbi.Record) {
	t.Helper()
	require.NoError(t, s.Put(context.Background(), rec, NewEvent(rec)))
}

// putVersions writes versions 1 to n of org.
func putVersions(t *testing.T, s powerbi.Store, org string, n int64) {
	t.Helper()
	for v := int64(1); v <= n; v++ {
		put(t, s, NewRecord(org, v))
	}
}

// requireCode fails t unless err carries code.
func requireCode(t *testing.T, want powerbi.Code, err error) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, want, powerbi.ErrorCode(err), "error: %v", err)
}
