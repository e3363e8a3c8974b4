package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/store/sqlstore"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// The benchmarks run the store beside plain database/sql statements on the
// same row of the same database, so the figures show what the store adds:
// raw is one statement, raw-tx the same two statements Put runs in one
// transaction.
// Run them with, for example:
//
//	go test -run '^$' -bench . -benchmem ./store/sqlstore

// rawGet is the store's Get as one plain query.
const rawGet = `SELECT org_id, version, tenant_id, client_id, scope, workspace_id, username,
	sealed, validation, created_at, created_by, updated_at, updated_by
	FROM pbiconnect_records WHERE org_id = `

// rawUpdate is a version bump of one row as one plain statement.
const rawUpdate = "UPDATE pbiconnect_records SET version = version + 1 WHERE org_id = "

// rawEvent is the insert of an audit event as one plain statement.
const rawEvent = `INSERT INTO pbiconnect_events (org_id, version, action, actor, at, fields)
	VALUES (%s, 1, 'updated', 'bench', %s, '[]')`

// placeholder returns placeholder n (from 1) of d.
func placeholder(d sqlstore.Dialect, n int) string {
	if d == sqlstore.Postgres {
		return fmt.Sprintf("$%d", n)
	}
	return "?"
}

// rawWrite is what Put does, as plain statements: the conditional update
// and the event insert in one transaction.
func rawWrite(ctx context.Context, db *sql.DB, d sqlstore.Dialect, at any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, rawUpdate+placeholder(d, 1), "org-a"); err != nil {
		return err
	}
	query := fmt.Sprintf(rawEvent, placeholder(d, 1), placeholder(d, 2))
	if _, err := tx.ExecContext(ctx, query, "org-a", at); err != nil {
		return err
	}
	return tx.Commit()
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
				query := rawGet + placeholder(d, 1)
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
				// Start after whatever version earlier runs, raw ones too, left.
				rec := storetest.NewRecord("org-a", 1)
				if cur, err := s.Get(ctx, "org-a"); err == nil {
					rec.Version = cur.Version
				} else {
					require.NoError(b, s.Put(ctx, rec, storetest.NewEvent(rec)))
				}
				for b.Loop() {
					rec.Version++
					if err := s.Put(ctx, rec, storetest.NewEvent(rec)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("raw", func(b *testing.B) {
				raw, d := rawDB(b, rawURL)
				query := rawUpdate + placeholder(d, 1)
				for b.Loop() {
					if _, err := raw.ExecContext(ctx, query, "org-a"); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("raw-tx", func(b *testing.B) {
				raw, d := rawDB(b, rawURL)
				var at any = time.Now().UTC()
				if d == sqlstore.SQLite {
					at = time.Now().UTC().Format(time.RFC3339Nano)
				}
				for b.Loop() {
					if err := rawWrite(ctx, raw, d, at); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
