package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// Store is a [powerbi.Store] over database/sql. It is safe for concurrent
// use by many goroutines and by many processes sharing one database. The
// zero Store is not usable; make one with [Open] or [New].
type Store struct {
	db      *sql.DB
	dialect Dialect
	owned   bool
	log     *slog.Logger
	q       queries
}

var _ powerbi.Store = (*Store)(nil)

// New returns a Store over db, a pool the caller opened with the driver of
// dialect d, after applying the migrations the database lacks. The caller
// keeps ownership of db: Close does not close it.
//
// The pool should be configured as [Open] configures its own: for SQLite
// the busy_timeout pragma and _txlock=immediate, so that concurrent writers
// wait instead of failing; for MySQL loc=UTC (the default) and a strict
// sql_mode.
//
// New panics if db is nil or d is not a known dialect. It fails with
// Internal when the database cannot be reached or migrated.
func New(ctx context.Context, db *sql.DB, d Dialect, cfg Config) (*Store, error) {
	if db == nil || !d.valid() {
		panic("sqlstore: New needs a *sql.DB and a known Dialect")
	}
	s := &Store{db: db, dialect: d, log: cfg.Logger, q: newQueries(d)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	// A new SQLite connection may find the file busy while another
	// instance switches it to WAL mode.
	err := retry(ctx, migrateAttempts, d.isTransient, func() error { return db.PingContext(ctx) })
	if err != nil {
		return nil, internal("connect to "+string(d), err)
	}
	if err := s.migrate(ctx); err != nil {
		return nil, internal("migrate "+string(d)+" schema", err)
	}
	return s, nil
}

// Close closes the connection pool if [Open] opened it; a Store made by
// [New] leaves its pool open. Calls on s after Close fail with Internal.
func (s *Store) Close() error {
	if !s.owned {
		return nil
	}
	return s.db.Close()
}

// Dialect returns the dialect of the database s talks to.
func (s *Store) Dialect() Dialect { return s.dialect }

// Get returns the record of orgID. It fails with NotFound if there is none,
// which is always the case for an ID that [powerbi.ValidOrgID] rejects, and
// with Internal if the database fails.
func (s *Store) Get(ctx context.Context, orgID string) (*powerbi.Record, error) {
	if !powerbi.ValidOrgID(orgID) {
		return nil, notFound(orgID)
	}
	rec, err := scanRecord(s.db.QueryRowContext(ctx, s.q.get, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(orgID)
	}
	if err != nil {
		return nil, internal(fmt.Sprintf("get record of %q", orgID), err)
	}
	return rec, nil
}

// List returns up to limit records whose OrgID sorts after the given one,
// byte by byte, in ascending order. A limit of zero or less means all. It
// fails with Internal if the database fails.
func (s *Store) List(ctx context.Context, after string, limit int) ([]*powerbi.Record, error) {
	var rows *sql.Rows
	var err error
	if limit > 0 {
		rows, err = s.db.QueryContext(ctx, s.q.listLimit, after, limit)
	} else {
		rows, err = s.db.QueryContext(ctx, s.q.list, after)
	}
	if err != nil {
		return nil, internal("list records", err)
	}
	defer rows.Close()
	out := []*powerbi.Record{}
	for rows.Next() {
		rec, err := scanRecord(rows)
		if err != nil {
			return nil, internal("list records", err)
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return nil, internal("list records", err)
	}
	return out, nil
}

// History returns up to limit events of orgID, newest first; zero or less
// means all. An organization without events, such as one whose ID
// [powerbi.ValidOrgID] rejects, has an empty, non-nil history. It fails
// with Internal if the database fails.
func (s *Store) History(ctx context.Context, orgID string, limit int) ([]powerbi.Event, error) {
	if !powerbi.ValidOrgID(orgID) {
		return []powerbi.Event{}, nil
	}
	var rows *sql.Rows
	var err error
	if limit > 0 {
		rows, err = s.db.QueryContext(ctx, s.q.historyLimit, orgID, limit)
	} else {
		rows, err = s.db.QueryContext(ctx, s.q.history, orgID)
	}
	if err != nil {
		return nil, internal(fmt.Sprintf("read history of %q", orgID), err)
	}
	defer rows.Close()
	out := []powerbi.Event{}
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, internal(fmt.Sprintf("read history of %q", orgID), err)
		}
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, internal(fmt.Sprintf("read history of %q", orgID), err)
	}
	return out, nil
}

// internal wraps a driver error. Driver errors name tables, columns and
// keys but never the values this package writes.
func internal(what string, err error) *powerbi.Error {
	return &powerbi.Error{Code: powerbi.Internal, Message: "sqlstore: " + what, Err: err}
}
