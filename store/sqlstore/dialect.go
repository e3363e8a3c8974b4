package sqlstore

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the SQL database a [Store] talks to. It decides the
// migrations, the placeholders and how driver errors are read.
type Dialect string

// The supported dialects.
const (
	// SQLite is SQLite through modernc.org/sqlite (driver name "sqlite").
	SQLite Dialect = "sqlite"
	// Postgres is PostgreSQL, or a database that speaks its protocol and
	// SQL, through github.com/jackc/pgx/v5/stdlib (driver name "pgx").
	Postgres Dialect = "postgres"
	// MySQL is MySQL or MariaDB through github.com/go-sql-driver/mysql.
	MySQL Dialect = "mysql"
)

// valid reports whether d is one of the supported dialects.
func (d Dialect) valid() bool {
	return d == SQLite || d == Postgres || d == MySQL
}

// rebind turns the ? placeholders of query into $1, $2, ... for Postgres.
// The queries of this package have no ? inside literals.
func (d Dialect) rebind(query string) string {
	if d != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteString("$" + strconv.Itoa(n))
	}
	return b.String()
}

// timeLayout is how SQLite stores times: UTC, microseconds, sortable.
const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

// timeArg converts t to what the driver should be given. Every dialect
// stores UTC with microsecond precision.
func (d Dialect) timeArg(t time.Time) any {
	t = t.UTC().Truncate(time.Microsecond)
	if d == SQLite {
		return t.Format(timeLayout)
	}
	return t
}

// isUnique reports whether err says a unique or primary key was violated.
func (d Dialect) isUnique(err error) bool {
	var pg *pgconn.PgError
	var my *mysql.MySQLError
	var lite *sqlite.Error
	switch {
	case errors.As(err, &pg):
		return pg.Code == "23505"
	case errors.As(err, &my):
		return my.Number == 1062
	case errors.As(err, &lite):
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY ||
			lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	}
	return false
}

// isTransient reports whether err is a failure that a retry of the whole
// transaction may cure: a serialization failure, a deadlock, a lock wait
// or a busy database file.
func (d Dialect) isTransient(err error) bool {
	var pg *pgconn.PgError
	var my *mysql.MySQLError
	var lite *sqlite.Error
	switch {
	case errors.As(err, &pg):
		return pg.Code == "40001" || pg.Code == "40P01"
	case errors.As(err, &my):
		return my.Number == 1213 || my.Number == 1205
	case errors.As(err, &lite):
		primary := lite.Code() & 0xff
		return primary == sqlite3.SQLITE_BUSY || primary == sqlite3.SQLITE_LOCKED
	}
	return false
}

// isRace reports whether err, met while migrating, can come from another
// instance creating the same object at the same moment.
func (d Dialect) isRace(err error) bool {
	var pg *pgconn.PgError
	var my *mysql.MySQLError
	switch {
	case d.isUnique(err) || d.isTransient(err):
		return true
	case errors.As(err, &pg):
		return pg.Code == "42P07" || pg.Code == "42710" // duplicate table, object
	case errors.As(err, &my):
		return my.Number == 1050 || my.Number == 1061 // table, key name exists
	}
	return false
}
