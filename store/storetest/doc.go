// Package storetest is the conformance suite that every [powerbi.Store]
// implementation runs, so that the service behaves the same whichever store
// a host picks.
//
// # Running the suite
//
// A store's own tests call [Run] with a function that opens a fresh, empty
// store for each subtest and registers its cleanup with t.Cleanup:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) powerbi.Store {
//			return memstore.New()
//		})
//	}
//
// # What the suite holds a store to
//
// The contract is the one written on [powerbi.Store]: conditional creates,
// replaces and deletes with the codes Conflict and NotFound, an audit
// history kept newest first and beyond deletion, and paging by OrgID. On top
// of that the suite checks that
//
//   - every field of a [powerbi.Record] and a [powerbi.Event] round-trips,
//     with the sealed bytes exact;
//   - time values keep at least microsecond precision: the suite writes UTC
//     times truncated to the microsecond and compares them with
//     [time.Time.Equal], so a store may return them in any location;
//   - check durations inside a validation report keep at least millisecond
//     precision, as the report's JSON form does;
//   - a nil and an empty slice are treated alike (event fields, checks);
//   - returned values are copies, and so are stored ones: changing either
//     afterwards changes nothing in the store;
//   - concurrent conditional writers never lose an update: exactly one wins
//     each version, and the history has no gaps;
//   - large histories (see [LargeHistory]), unusual but valid organization
//     IDs (see [powerbi.ValidOrgID]) and cancelled contexts are handled; a
//     cancelled context gives an error that wraps [context.Canceled], never
//     a hang.
//
// The whole suite is meant to run in a few seconds on a small machine.
//
// # Helpers
//
// [NewRecord] and [NewEvent] build the fully populated values the suite
// writes; a store's own tests and benchmarks may use them too.
// [RequireRecordEqual] compares records under the precision rules above.
package storetest
