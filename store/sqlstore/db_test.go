package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/store/sqlstore"
)

// The environment variables that point the tests at a server. Unset, the
// tests of that database are skipped; set, the server must answer.
const (
	postgresEnv = "PBICONNECT_TEST_POSTGRES"
	mysqlEnv    = "PBICONNECT_TEST_MYSQL"
)

// database is one dialect the tests run on.
type database struct {
	name string
	// env names the variable that configures the database, if any.
	env string
	// url returns the URL of a fresh, empty database (a file, a schema or a
	// database of its own) and drops it when t ends. It skips t if the
	// dialect is not configured.
	url func(t testing.TB) string
}

var databases = []database{
	{"sqlite", "", sqliteURL},
	{"postgres", postgresEnv, postgresURL},
	{"mysql", mysqlEnv, mysqlURL},
}

// sqliteURL returns a database file in a temporary directory.
func sqliteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "pbiconnect.db")
}

// postgresURL creates a schema of its own on the configured server and
// returns the server's URL with the schema as search path.
func postgresURL(t testing.TB) string {
	base := serverURL(t, postgresEnv)
	name := uniqueName()
	admin(t, "pgx", base, "CREATE SCHEMA "+name, "DROP SCHEMA IF EXISTS "+name+" CASCADE")
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// mysqlURL creates a database of its own on the configured server and
// returns the server's URL pointing at it.
func mysqlURL(t testing.TB) string {
	base := serverURL(t, mysqlEnv)
	name := uniqueName()
	u, err := url.Parse(base)
	require.NoError(t, err)
	pass, _ := u.User.Password()
	dsn := u.User.Username() + ":" + pass + "@tcp(" + u.Host + ")/"
	admin(t, "mysql", dsn, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4",
		"DROP DATABASE IF EXISTS "+name)
	u.Path = "/" + name
	return u.String()
}

// examples shows, per variable, a URL that works with a local server.
var examples = map[string]string{
	postgresEnv: "postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
	mysqlEnv:    "mysql://root@127.0.0.1:3306/test",
}

// serverURL returns the URL in env, or skips t saying how to set it.
func serverURL(t testing.TB, env string) string {
	t.Helper()
	v := os.Getenv(env)
	if v == "" {
		t.Skipf("%s is not set; set %s=%s to run this test", env, env, examples[env])
	}
	return v
}

// requireServer skips t if db needs a server that is not configured, and
// fails it at once if the configured server does not answer.
func (db database) requireServer(t testing.TB) {
	t.Helper()
	if db.env == "" {
		return
	}
	db.url(t) // creates and drops a database, which needs a live server
}

// admin runs create on the server now and drop when t ends. An unreachable
// server fails t: a configured database is never skipped.
func admin(t testing.TB, driver, dsn, create, drop string) {
	t.Helper()
	exec := func(stmt string) error {
		db, err := sql.Open(driver, dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_, err = db.ExecContext(ctx, stmt)
		return err
	}
	require.NoError(t, exec(create), "prepare test database (is the server running?)")
	t.Cleanup(func() {
		if err := exec(drop); err != nil {
			t.Errorf("drop test database: %v", err)
		}
	})
}

// uniqueName returns a schema or database name no other test uses.
func uniqueName() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "pbitest_" + hex.EncodeToString(b)
}

// openStore opens a store at url and closes it when t ends.
func openStore(t testing.TB, rawURL string) *sqlstore.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := sqlstore.Open(ctx, rawURL, sqlstore.Config{})
	require.NoError(t, err, "open %s", redact(rawURL))
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

// redact hides the password of a URL in test messages.
func redact(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		return u.Redacted()
	}
	return strings.SplitN(rawURL, ":", 2)[0] + ":..."
}

// rawDB opens a plain database/sql pool on the database at rawURL, for
// tests that look behind the store, and closes it when t ends.
func rawDB(t testing.TB, rawURL string) (*sql.DB, sqlstore.Dialect) {
	t.Helper()
	var db *sql.DB
	var d sqlstore.Dialect
	var err error
	switch scheme, rest, _ := strings.Cut(rawURL, ":"); scheme {
	case "sqlite":
		d = sqlstore.SQLite
		db, err = sql.Open("sqlite", rest+"?_pragma=busy_timeout(10000)&_txlock=immediate")
	case "postgres", "postgresql":
		d = sqlstore.Postgres
		db, err = sql.Open("pgx", rawURL)
	case "mysql":
		d = sqlstore.MySQL
		u, perr := url.Parse(rawURL)
		require.NoError(t, perr)
		pass, _ := u.User.Password()
		db, err = sql.Open("mysql", u.User.Username()+":"+pass+"@tcp("+u.Host+")"+u.Path+
			"?parseTime=true")
	default:
		t.Fatalf("no raw database for scheme %q", scheme)
	}
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db, d
}
