package sqlstore_test

import (
	"testing"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// TestConformance runs the store conformance suite on every configured
// database, each subtest on a database of its own.
func TestConformance(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel() // the databases wait on different disks and servers
			db.requireServer(t)
			storetest.Run(t, func(t *testing.T) powerbi.Store {
				return openStore(t, db.url(t))
			})
		})
	}
}
