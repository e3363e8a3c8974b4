package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/sqlstore"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// urlPassword is the password in the URLs below; no error may show it.
const urlPassword = "hunter2-url-password"

func TestOpenRejectsBadURL(t *testing.T) {
	cases := []struct{ name, url string }{
		{"EmptyIsInvalid", ""},
		{"NoSchemeIsInvalid", "pbiconnect.db"},
		{"UnknownSchemeIsInvalid", "redis://u:" + urlPassword + "@127.0.0.1/0"},
		{"SQLiteWithoutPathIsInvalid", "sqlite:"},
		{"MalformedPostgresIsInvalid", "postgres://u:" + urlPassword + "@[::1/db"},
		{"MySQLWithoutHostIsInvalid", "mysql:///db"},
		{"MalformedMySQLIsInvalid", "mysql://u:" + urlPassword + "@[::1/db"},
		{"BadMySQLParameterIsInvalid", "mysql://u:" + urlPassword + "@127.0.0.1/db?parseTime=maybe"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := sqlstore.Open(context.Background(), tc.url, sqlstore.Config{})
			require.Nil(t, s)
			require.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err), "error: %v", err)
			assert.NotContains(t, err.Error(), urlPassword)
		})
	}
}

func TestOpenUnreachableServerFailsWithoutPassword(t *testing.T) {
	cases := []struct{ name, url string }{
		{"PostgresFails", "postgres://u:" + urlPassword + "@127.0.0.1:1/db?connect_timeout=5"},
		{"MySQLFails", "mysql://u:" + urlPassword + "@127.0.0.1:1/db?timeout=5s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			s, err := sqlstore.Open(ctx, tc.url, sqlstore.Config{})
			require.Nil(t, s)
			require.Equal(t, powerbi.Internal, powerbi.ErrorCode(err), "error: %v", err)
			assert.NotContains(t, err.Error(), urlPassword)
		})
	}
}

func TestOpenSQLiteFilesArePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pbiconnect.db")
	s := openStore(t, "sqlite:"+path)
	rec := storetest.NewRecord("org-a", 1)
	require.NoError(t, s.Put(context.Background(), rec, storetest.NewEvent(rec)))

	for _, name := range []string{path, path + "-wal"} {
		fi, err := os.Stat(name)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "mode of %s", filepath.Base(name))
	}
}

func TestOpenSQLiteInMemoryKeepsRecords(t *testing.T) {
	s := openStore(t, "sqlite::memory:")
	ctx := context.Background()
	rec := storetest.NewRecord("org-a", 1)
	require.NoError(t, s.Put(ctx, rec, storetest.NewEvent(rec)))
	got, err := s.Get(ctx, "org-a")
	require.NoError(t, err)
	storetest.RequireRecordEqual(t, rec, got)
}

func TestOpenAgainKeepsRecords(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			rawURL := db.url(t)
			ctx := context.Background()
			first := openStore(t, rawURL)
			rec := storetest.NewRecord("org-a", 1)
			require.NoError(t, first.Put(ctx, rec, storetest.NewEvent(rec)))
			require.NoError(t, first.Close())

			got, err := openStore(t, rawURL).Get(ctx, "org-a")
			require.NoError(t, err)
			storetest.RequireRecordEqual(t, rec, got)
			requireMigrated(t, rawURL)
		})
	}
}

func TestOpenConcurrentlyMigratesOnce(t *testing.T) {
	const instances = 4
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			rawURL := db.url(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			var logs syncBuffer
			cfg := sqlstore.Config{Logger: slog.New(slog.NewTextHandler(&logs, nil))}
			stores := make([]*sqlstore.Store, instances)
			errs := make([]error, instances)
			var wg sync.WaitGroup
			for i := range instances {
				wg.Go(func() { stores[i], errs[i] = sqlstore.Open(ctx, rawURL, cfg) })
			}
			wg.Wait()
			for i, err := range errs {
				require.NoError(t, err, "instance %d", i)
				t.Cleanup(func() { stores[i].Close() })
			}
			requireMigrated(t, rawURL)
			assert.Equal(t, 1, strings.Count(logs.String(), "sqlstore migration applied"),
				"instances that applied the migration")

			// Every instance sees what one of them wrote.
			rec := storetest.NewRecord("org-a", 1)
			require.NoError(t, stores[0].Put(ctx, rec, storetest.NewEvent(rec)))
			for _, s := range stores {
				got, err := s.Get(ctx, "org-a")
				require.NoError(t, err)
				storetest.RequireRecordEqual(t, rec, got)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer that many goroutines may write.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// requireMigrated checks that every migration is recorded exactly once.
func requireMigrated(t *testing.T, rawURL string) {
	t.Helper()
	db, _ := rawDB(t, rawURL)
	rows, err := db.Query("SELECT version FROM pbiconnect_migrations ORDER BY version")
	require.NoError(t, err)
	defer rows.Close()
	var got []int64
	for rows.Next() {
		var v int64
		require.NoError(t, rows.Scan(&v))
		got = append(got, v)
	}
	require.NoError(t, rows.Err())
	require.Equal(t, []int64{1}, got)
}

func TestNewLeavesCallersPoolOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "pbiconnect.db")
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_txlock=immediate")
	require.NoError(t, err)
	defer db.Close()

	s, err := sqlstore.New(context.Background(), db, sqlstore.SQLite, sqlstore.Config{})
	require.NoError(t, err)
	assert.Equal(t, sqlstore.SQLite, s.Dialect())
	require.NoError(t, s.Close())
	require.NoError(t, db.Ping(), "pool after Close")
}

func TestNewPanicsOnMisuse(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	require.NoError(t, err)
	defer db.Close()
	assert.PanicsWithValue(t, "sqlstore: New needs a *sql.DB and a known Dialect", func() {
		sqlstore.New(context.Background(), nil, sqlstore.SQLite, sqlstore.Config{})
	})
	assert.Panics(t, func() {
		sqlstore.New(context.Background(), db, sqlstore.Dialect("oracle"), sqlstore.Config{})
	})
}

func TestClosedStoreFailsWithInternal(t *testing.T) {
	s, err := sqlstore.Open(context.Background(), sqliteURL(t), sqlstore.Config{})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	ctx := context.Background()
	rec := storetest.NewRecord("org-a", 1)

	_, err = s.Get(ctx, "org-a")
	assert.Equal(t, powerbi.Internal, powerbi.ErrorCode(err), "get: %v", err)
	err = s.Put(ctx, rec, storetest.NewEvent(rec))
	assert.Equal(t, powerbi.Internal, powerbi.ErrorCode(err), "put: %v", err)
	_, err = s.List(ctx, "", 0)
	assert.Equal(t, powerbi.Internal, powerbi.ErrorCode(err), "list: %v", err)
}

// TestOneConnectionIsEnough runs concurrent writers on a pool of a single
// connection: no operation may need a second one while it holds the first.
func TestOneConnectionIsEnough(t *testing.T) {
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			s, err := sqlstore.Open(ctx, db.url(t), sqlstore.Config{MaxOpenConns: 1,
				ConnMaxLifetime: time.Minute})
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			rec := storetest.NewRecord("org-a", 1)
			require.NoError(t, s.Put(ctx, rec, storetest.NewEvent(rec)))

			const writers = 4
			codes := make([]powerbi.Code, writers)
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					next := storetest.NewRecord("org-a", 2)
					codes[w] = powerbi.ErrorCode(s.Put(ctx, next, storetest.NewEvent(next)))
				})
			}
			wg.Wait()
			require.NoError(t, ctx.Err(), "writers deadlocked")
			assert.ElementsMatch(t, []powerbi.Code{"", powerbi.Conflict, powerbi.Conflict,
				powerbi.Conflict}, codes)
			err = s.Delete(ctx, "org-a", 1, storetest.NewDeleteEvent("org-a", 1))
			assert.Equal(t, powerbi.Conflict, powerbi.ErrorCode(err))
		})
	}
}
