package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// Config configures a [Store]. The zero value is ready to use.
type Config struct {
	// Logger receives one record per migration applied. If nil, nothing is
	// logged.
	Logger *slog.Logger

	// MaxOpenConns limits the connections of a pool that [Open] makes; [New]
	// leaves the caller's pool as it is. Zero means no limit (one for
	// sqlite::memory:, which lives in a single connection).
	MaxOpenConns int

	// ConnMaxLifetime closes connections of a pool that [Open] makes after
	// they have been open this long, so that a server behind a load
	// balancer or failing over gets fresh ones. Zero means never.
	ConnMaxLifetime time.Duration
}

// sqliteBusyTimeout is how long a SQLite connection waits for another
// writer before it gives up with "database is locked".
const sqliteBusyTimeout = 10 * time.Second

// mysqlDialTimeout bounds connecting to MySQL when the URL sets no timeout.
const mysqlDialTimeout = 10 * time.Second

// Open connects to the database named by rawURL, applies the migrations the
// database lacks and returns a Store that owns the connection pool. The
// forms of rawURL are:
//
//   - sqlite:PATH (or sqlite://PATH) opens or creates the SQLite file PATH
//     with mode 0600, in WAL mode with a busy timeout and foreign keys on.
//     Query parameters of modernc.org/sqlite may follow PATH after a ?.
//     sqlite::memory: opens a private in-memory database for tests.
//   - postgres://... or postgresql://... is handed to pgx as it is.
//   - mysql://user:password@host:port/database?params is turned into a
//     go-sql-driver/mysql configuration with parseTime=true and loc=UTC;
//     params are that driver's DSN parameters. Unless params set sql_mode,
//     STRICT_ALL_TABLES is added to the session's mode, so that the server
//     fails a write rather than alter its values.
//
// Open fails with Invalid when rawURL is malformed or of another scheme, and
// with Internal when the database cannot be reached or migrated. No error
// contains the password of rawURL.
func Open(ctx context.Context, rawURL string, cfg Config) (*Store, error) {
	db, d, err := openDB(rawURL, cfg)
	if err != nil {
		return nil, err
	}
	s, err := New(ctx, db, d, cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}

// openDB opens the pool for rawURL without connecting.
func openDB(rawURL string, cfg Config) (*sql.DB, Dialect, error) {
	scheme, rest, ok := strings.Cut(rawURL, ":")
	if !ok {
		return nil, "", powerbi.Errorf(powerbi.Invalid, "sqlstore: database url has no scheme")
	}
	switch strings.ToLower(scheme) {
	case "sqlite":
		db, err := openSQLite(rest, cfg)
		return db, SQLite, err
	case "postgres", "postgresql":
		db, err := openPostgres(rawURL)
		return limit(db, cfg), Postgres, err
	case "mysql":
		db, err := openMySQL(rawURL)
		return limit(db, cfg), MySQL, err
	}
	return nil, "", powerbi.Errorf(powerbi.Invalid,
		"sqlstore: unsupported database url scheme %q; use sqlite, postgres or mysql", scheme)
}

// limit applies the pool settings of cfg to db, if there is one.
func limit(db *sql.DB, cfg Config) *sql.DB {
	if db != nil {
		db.SetMaxOpenConns(cfg.MaxOpenConns)
		db.SetConnMaxLifetime(cfg.ConnMaxLifetime)
	}
	return db
}

// openSQLite opens the SQLite database at path, which may carry driver
// parameters after a ?. An in-memory database lives in one connection, so
// the pool is limited to it.
func openSQLite(rest string, cfg Config) (*sql.DB, error) {
	path, query, _ := strings.Cut(strings.TrimPrefix(rest, "//"), "?")
	if path == "" {
		return nil, powerbi.Errorf(powerbi.Invalid, "sqlstore: sqlite url has no path")
	}
	memory := path == ":memory:"
	if !memory {
		if err := createPrivate(path); err != nil {
			return nil, internal("create database file", err)
		}
	}

	params := url.Values{}
	params.Add("_pragma", "busy_timeout("+strconv.FormatInt(sqliteBusyTimeout.Milliseconds(), 10)+")")
	params.Add("_pragma", "foreign_keys(1)")
	if !memory {
		params.Add("_pragma", "journal_mode(WAL)")
	}
	// Writers take the write lock when they begin, so two transactions
	// never deadlock upgrading a read lock, and the busy timeout applies.
	params.Set("_txlock", "immediate")
	dsn := path + "?" + params.Encode()
	if query != "" {
		dsn += "&" + query
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, internal("open sqlite", err)
	}
	limit(db, cfg)
	if memory {
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
	}
	return db, nil
}

// createPrivate creates the file at path with mode 0600 if it does not
// exist. SQLite gives its -wal and -shm files the mode of the database.
func createPrivate(path string) error {
	if strings.HasPrefix(path, "file:") {
		return nil // a URI filename: SQLite creates it
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return err
	}
	return f.Close()
}

// openPostgres opens a pgx pool. Parse errors are not wrapped: they may
// quote the URL, password included.
func openPostgres(rawURL string) (*sql.DB, error) {
	cc, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, powerbi.Errorf(powerbi.Invalid, "sqlstore: postgres url is malformed")
	}
	return stdlib.OpenDB(*cc), nil
}

// openMySQL opens a go-sql-driver pool for a mysql:// URL.
func openMySQL(rawURL string) (*sql.DB, error) {
	cfg, err := mysqlConfig(rawURL)
	if err != nil {
		return nil, err
	}
	conn, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, powerbi.Errorf(powerbi.Invalid, "sqlstore: mysql url has a bad parameter")
	}
	return sql.OpenDB(conn), nil
}

// mysqlConfig translates a mysql:// URL into a go-sql-driver configuration
// that reads times as UTC time.Time values and, unless the URL sets
// sql_mode, adds strict mode so that MySQL fails rather than truncates.
// Parse errors are not wrapped: they may quote the URL.
func mysqlConfig(rawURL string) (*mysql.Config, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return nil, powerbi.Errorf(powerbi.Invalid, "sqlstore: mysql url is malformed; "+
			"want mysql://user:password@host:port/database?params")
	}
	cfg, err := mysql.ParseDSN("/?" + u.RawQuery)
	if err != nil {
		return nil, powerbi.Errorf(powerbi.Invalid, "sqlstore: mysql url has a bad parameter")
	}
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net = "tcp"
	cfg.Addr = u.Host
	if u.Port() == "" {
		cfg.Addr = net.JoinHostPort(u.Hostname(), "3306")
	}
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	if cfg.Timeout == 0 {
		cfg.Timeout = mysqlDialTimeout
	}
	if _, ok := cfg.Params["sql_mode"]; !ok {
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params["sql_mode"] = "CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')"
	}
	return cfg, nil
}
