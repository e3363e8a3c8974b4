// Package sqlstore is a [powerbi.Store] over database/sql, for SQLite,
// PostgreSQL and MySQL or MariaDB.
//
// [Open] takes one URL and picks the driver from its scheme:
//
//	sqlite:/var/lib/app/pbiconnect.db
//	postgres://app:password@db.internal:5432/app?sslmode=verify-full
//	mysql://app:password@db.internal:3306/app?tls=true
//
// SQLite (modernc.org/sqlite, pure Go) is the embedded default for a
// single process or host; its database file is created with mode 0600 and
// runs in WAL mode. PostgreSQL (pgx) is the choice when several instances
// share state; the SQL is plain, without advisory locks or extensions, so
// PostgreSQL-compatible distributed databases work too. [New] wraps a pool
// the host already manages.
//
// # Schema and migrations
//
// The store keeps three tables: pbiconnect_records (one row per
// organization: the plain fields, the sealed secrets and the last
// validation report as JSON), pbiconnect_events (the audit trail, which
// outlives deleted records) and pbiconnect_migrations. The migrations are
// embedded and applied by Open and New. Every statement is safe to run
// twice, and inserting a migration's row in pbiconnect_migrations is what
// commits it, so instances that start at the same moment agree: the one
// that loses the race finds the migration applied.
//
// # Consistency
//
// A record change and its audit event are written in one transaction. The
// version check is part of the UPDATE or DELETE statement, so of two
// writers that read the same version exactly one succeeds and the other
// gets a Conflict; no update is lost. A transaction that fails for a
// transient reason (deadlock, serialization failure, busy SQLite file) is
// tried again a few times. Organization IDs compare byte by byte and
// [Store.List] returns them in byte order on every database.
//
// Times are stored in UTC with microsecond precision; finer parts are
// dropped.
//
// # Secrets
//
// The store sees only sealed secrets, never plain ones, and its errors
// never contain a sealed blob, a stored value or a password from the URL.
package sqlstore
