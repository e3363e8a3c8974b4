package storetest_test

import (
	"fmt"

	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// A store's own tests and benchmarks can build the same fully populated
// records the suite writes.
func ExampleNewRecord() {
	rec := storetest.NewRecord("org-1", 2)
	ev := storetest.NewEvent(rec)
	fmt.Println(rec.OrgID, rec.Version, rec.UpdatedBy, rec.UpdatedAt.Format("15:04:05.000000"))
	fmt.Println(ev.Action, ev.Version, ev.At.Equal(rec.UpdatedAt))
	// Output:
	// org-1 2 user-2 15:11:26.535897
	// replaced 2 true
}
