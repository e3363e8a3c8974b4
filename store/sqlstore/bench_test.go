package sqlstore_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/store/sqlstore"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// The benchmarks run the store beside plain database/sql statements on the
// same row of the same database, so the figures show what the store adds.
// Run them with, for example:
//
//	go test -run '^$' -bench . -benchmem ./store/sqlstore

// rawGet is the store's Get as one plain query.
const rawGet = `SELECT org_id, version, tenant_id, client_id, scope, workspace_id, username,
	sealed, validation, created_at, created_by, updated_at, updated_by
	FROM pbiconnect_records WHERE org_id = `

// rawUpdate is a version bump of one row as one plain statement.
const rawUpdate = "UPDATE pbiconnect_records SET version = version + 1 WHERE org_id = "

// placeholder returns the first placeholder of d.
func placeholder(d sqlstore.Dialect) string {
	if d == sqlstore.Postgres {
		return "$1"
	}
	return "?"
}

func BenchmarkGet(b *testing.B) {
	for _, db := range databases {
		b.Run(db.name, func(b *testing.B) {
			rawURL := db.url(b)
			s := openStore(b, rawURL)
			ctx := context.Background()
			rec := storetest.NewRecord("org-a", 1)
			require.NoError(b, s.Put(ctx, rec, storetest.NewEvent(rec)))

			b.Run("store", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Get(ctx, "org-a"); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("raw", func(b *testing.B) {
				raw, d := rawDB(b, rawURL)
				query := rawGet + placeholder(d)
				dest := make([]any, 13)
				for i := range dest {
					dest[i] = new(any)
				}
				for b.Loop() {
					if err := raw.QueryRowContext(ctx, query, "org-a").Scan(dest...); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func BenchmarkPut(b *testing.B) {
	for _, db := range databases {
		b.Run(db.name, func(b *testing.B) {
			rawURL := db.url(b)
			s := openStore(b, rawURL)
			ctx := context.Background()

			b.Run("store", func(b *testing.B) {
				rec := storetest.NewRecord("org-a", 1)
				require.NoError(b, s.Put(ctx, rec, storetest.NewEvent(rec)))
				for b.Loop() {
					rec.Version++
					if err := s.Put(ctx, rec, storetest.NewEvent(rec)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("raw", func(b *testing.B) {
				raw, d := rawDB(b, rawURL)
				query := rawUpdate + placeholder(d)
				for b.Loop() {
					if _, err := raw.ExecContext(ctx, query, "org-a"); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
