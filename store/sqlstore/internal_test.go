package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRebind(t *testing.T) {
	cases := []struct {
		name    string
		dialect Dialect
		want    string
	}{
		{"PostgresNumbersPlaceholders", Postgres, "a = $1 AND b = $2 LIMIT $3"},
		{"SQLiteKeepsQuestionMarks", SQLite, "a = ? AND b = ? LIMIT ?"},
		{"MySQLKeepsQuestionMarks", MySQL, "a = ? AND b = ? LIMIT ?"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.dialect.rebind("a = ? AND b = ? LIMIT ?"))
		})
	}
}

func TestStatements(t *testing.T) {
	text := "-- a comment; with a semicolon\nCREATE TABLE a (\n  x INT\n);\n\n" +
		"CREATE INDEX b ON a (x);\nSELECT 1"
	assert.Equal(t, []string{"CREATE TABLE a (\n  x INT\n)", "CREATE INDEX b ON a (x)", "SELECT 1"},
		statements(text))
}

func TestMigrationsAreOrderedForEveryDialect(t *testing.T) {
	for _, d := range []Dialect{SQLite, Postgres, MySQL} {
		t.Run(string(d), func(t *testing.T) {
			all, err := migrations(d)
			require.NoError(t, err)
			require.NotEmpty(t, all)
			for i, m := range all {
				assert.Equal(t, int64(i+1), m.version, "migration %s", m.name)
				assert.NotEmpty(t, m.stmts, "migration %s", m.name)
			}
		})
	}
}

func TestTimeDestReadsEveryDriverForm(t *testing.T) {
	want := time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.UTC)
	cases := []struct {
		name string
		src  any
	}{
		{"TimeInOtherZone", want.In(time.FixedZone("x", 3600))},
		{"SQLiteText", want.Format(timeLayout)},
		{"MySQLBytesWithoutParseTime", []byte("2026-03-14 15:09:26.535897")},
		{"RFC3339", want.Format(time.RFC3339Nano)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got time.Time
			require.NoError(t, timeDest{&got}.Scan(tc.src))
			assert.True(t, want.Equal(got), "got %v", got)
			assert.Equal(t, time.UTC, got.Location())
		})
	}
	t.Run("GarbageFails", func(t *testing.T) {
		var got time.Time
		assert.Error(t, timeDest{&got}.Scan("yesterday"))
		assert.Error(t, timeDest{&got}.Scan(int64(12)))
	})
}

func TestTimeArgIsUTCMicroseconds(t *testing.T) {
	in := time.Date(2026, 3, 14, 16, 9, 26, 535897999, time.FixedZone("x", 3600))
	assert.Equal(t, "2026-03-14T15:09:26.535897Z", SQLite.timeArg(in))
	got := Postgres.timeArg(in).(time.Time)
	assert.Equal(t, time.Date(2026, 3, 14, 15, 9, 26, 535897000, time.UTC), got)
}

func TestErrorClassification(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("context: %w", err) }
	cases := []struct {
		name                    string
		err                     error
		unique, transient, race bool
	}{
		{"PostgresUniqueViolation", wrap(&pgconn.PgError{Code: "23505"}), true, false, true},
		{"PostgresSerializationFailure", &pgconn.PgError{Code: "40001"}, false, true, true},
		{"PostgresDuplicateTable", &pgconn.PgError{Code: "42P07"}, false, false, true},
		{"PostgresSyntaxError", &pgconn.PgError{Code: "42601"}, false, false, false},
		{"MySQLDuplicateEntry", wrap(&mysql.MySQLError{Number: 1062}), true, false, true},
		{"MySQLDeadlock", &mysql.MySQLError{Number: 1213}, false, true, true},
		{"MySQLAccessDenied", &mysql.MySQLError{Number: 1045}, false, false, false},
		{"ContextCanceled", wrap(context.Canceled), false, false, false},
		{"PlainError", errors.New("boom"), false, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.unique, Postgres.isUnique(tc.err), "unique")
			assert.Equal(t, tc.transient, Postgres.isTransient(tc.err), "transient")
			assert.Equal(t, tc.race, Postgres.isRace(tc.err), "race")
		})
	}
}

func TestMySQLConfigFromURL(t *testing.T) {
	cases := []struct {
		name, url                    string
		user, pass, addr, db, sqlMod string
	}{
		{"DefaultPortIsAdded", "mysql://app:pw@db.internal/pbi", "app", "pw", "db.internal:3306", "pbi",
			"CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')"},
		{"EscapedPasswordIsDecoded", "mysql://app:p%40ss%2Fw%3Fd@127.0.0.1:3307/pbi", "app", "p@ss/w?d",
			"127.0.0.1:3307", "pbi", "CONCAT(@@sql_mode, ',STRICT_ALL_TABLES')"},
		{"OwnSQLModeIsKept", "mysql://root@[::1]:3306/test?sql_mode=%27ANSI%27", "root", "", "[::1]:3306",
			"test", "'ANSI'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := mysqlConfig(tc.url)
			require.NoError(t, err)
			assert.Equal(t, tc.user, cfg.User)
			assert.Equal(t, tc.pass, cfg.Passwd)
			assert.Equal(t, "tcp", cfg.Net)
			assert.Equal(t, tc.addr, cfg.Addr)
			assert.Equal(t, tc.db, cfg.DBName)
			assert.Equal(t, tc.sqlMod, cfg.Params["sql_mode"])
			assert.True(t, cfg.ParseTime)
			assert.Equal(t, time.UTC, cfg.Loc)
			assert.Equal(t, mysqlDialTimeout, cfg.Timeout)
		})
	}
	t.Run("URLTimeoutIsKept", func(t *testing.T) {
		cfg, err := mysqlConfig("mysql://root@127.0.0.1/test?timeout=3s&tls=true")
		require.NoError(t, err)
		assert.Equal(t, 3*time.Second, cfg.Timeout)
		assert.Equal(t, "true", cfg.TLSConfig)
	})
}

func TestRetry(t *testing.T) {
	errBusy, errFatal := errors.New("busy"), errors.New("fatal")
	retryable := func(err error) bool { return errors.Is(err, errBusy) }
	cases := []struct {
		name      string
		results   []error
		wantErr   error
		wantCalls int
	}{
		{"FirstSuccessIsReturned", []error{nil}, nil, 1},
		{"TransientFailuresAreRetried", []error{errBusy, errBusy, nil}, nil, 3},
		{"OtherFailureStopsAtOnce", []error{errFatal, nil}, errFatal, 1},
		{"AttemptsAreBounded", []error{errBusy, errBusy, errBusy, nil}, errBusy, 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := retry(context.Background(), 3, retryable, func() error {
				calls++
				return tc.results[calls-1]
			})
			assert.ErrorIs(t, err, tc.wantErr)
			if tc.wantErr == nil {
				assert.NoError(t, err)
			}
			assert.Equal(t, tc.wantCalls, calls)
		})
	}
	t.Run("CancelStopsWaiting", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		err := retry(ctx, 3, retryable, func() error {
			calls++
			cancel()
			return errBusy
		})
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, calls)
	})
}
