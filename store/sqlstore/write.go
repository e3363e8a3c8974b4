package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// txAttempts bounds how often a write is tried when the database reports a
// transient failure (deadlock, serialization failure, busy file). The
// write is conditional on the version, so trying it again is safe.
const txAttempts = 5

// Put writes rec and ev in one transaction. Version 1 inserts the record
// and fails with Conflict if one exists; a later version replaces the
// stored record only if that has version rec.Version-1, and fails with
// Conflict if the version differs or NotFound if there is none. It fails
// with Invalid if rec is nil or [powerbi.CheckWrite] refuses the write,
// and with Internal if the database fails.
func (s *Store) Put(ctx context.Context, rec *powerbi.Record, ev powerbi.Event) error {
	if rec == nil {
		return powerbi.Errorf(powerbi.Invalid, "sqlstore: Put of a nil record")
	}
	if err := powerbi.CheckWrite(rec.OrgID, rec.Version, ev); err != nil {
		return err
	}
	what := fmt.Sprintf("put record of %q", rec.OrgID)
	args, err := recordArgs(s.dialect, rec)
	if err != nil {
		return internal(what, err)
	}
	evArgs, err := eventArgs(s.dialect, rec.OrgID, ev)
	if err != nil {
		return internal(what, err)
	}

	err = s.inTx(ctx, func(tx *sql.Tx) error {
		if err := s.putRecord(ctx, tx, rec, args); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.q.insertEvent, evArgs...)
		return err
	})
	return s.writeError(what, err)
}

// putRecord inserts version 1 of rec or replaces version rec.Version-1
// with it; args are rec's values in recordColumns order.
func (s *Store) putRecord(ctx context.Context, tx *sql.Tx, rec *powerbi.Record, args []any) error {
	if rec.Version == 1 {
		_, err := tx.ExecContext(ctx, s.q.insert, args...)
		if s.dialect.isUnique(err) {
			return conflict(rec.OrgID)
		}
		return err
	}
	// SET takes every column but org_id; WHERE takes org_id and the
	// version the caller read.
	res, err := tx.ExecContext(ctx, s.q.update,
		slices.Concat(args[1:], []any{rec.OrgID, rec.Version - 1})...)
	if err != nil {
		return err
	}
	return s.checkChanged(ctx, tx, res, rec.OrgID)
}

// Delete removes the record of orgID if its version is version and writes
// ev in the same transaction; the history is kept. It fails with NotFound
// if there is no record (always for an ID that [powerbi.ValidOrgID]
// rejects), Conflict if its version differs, Invalid if ev names another
// organization or version, and Internal if the database fails.
func (s *Store) Delete(ctx context.Context, orgID string, version int64, ev powerbi.Event) error {
	if !powerbi.ValidOrgID(orgID) {
		return notFound(orgID)
	}
	if err := powerbi.CheckWrite(orgID, version, ev); err != nil {
		return err
	}
	evArgs, err := eventArgs(s.dialect, orgID, ev)
	if err != nil {
		return internal(fmt.Sprintf("delete record of %q", orgID), err)
	}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q.remove, orgID, version)
		if err != nil {
			return err
		}
		if err := s.checkChanged(ctx, tx, res, orgID); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q.insertEvent, evArgs...)
		return err
	})
	return s.writeError(fmt.Sprintf("delete record of %q", orgID), err)
}

// checkChanged turns a conditional write that matched no row into NotFound
// (no record) or Conflict (another version).
func (s *Store) checkChanged(ctx context.Context, tx *sql.Tx, res sql.Result, orgID string) error {
	n, err := res.RowsAffected()
	if err != nil || n == 1 {
		return err
	}
	var v int64
	err = tx.QueryRowContext(ctx, s.q.version, orgID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(orgID)
	}
	if err != nil {
		return err
	}
	return conflict(orgID)
}

func notFound(orgID string) *powerbi.Error {
	return powerbi.Errorf(powerbi.NotFound, "no power bi settings for organization %q", orgID)
}

func conflict(orgID string) *powerbi.Error {
	return powerbi.Errorf(powerbi.Conflict,
		"power bi settings of organization %q were changed by someone else", orgID)
}

// writeError passes a *powerbi.Error through and wraps anything else.
func (s *Store) writeError(what string, err error) error {
	var perr *powerbi.Error
	if err == nil || errors.As(err, &perr) {
		return err
	}
	return internal(what, err)
}

// inTx runs fn in a transaction and commits it, starting over when the
// database reports a transient failure.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return retry(ctx, txAttempts, s.dialect.isTransient, func() error { return s.tryTx(ctx, fn) })
}

// retry calls fn up to attempts times while it fails with an error that
// retryable accepts, waiting a little longer each time.
func retry(ctx context.Context, attempts int, retryable func(error) bool, fn func() error) error {
	for attempt := 1; ; attempt++ {
		err := fn()
		if err == nil || attempt == attempts || !retryable(err) {
			return err
		}
		if err := sleep(ctx, backoff(attempt)); err != nil {
			return err
		}
	}
}

func (s *Store) tryTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// backoff returns a jittered wait that grows with the attempt number.
func backoff(attempt int) time.Duration {
	base := time.Duration(attempt*attempt) * 5 * time.Millisecond
	return base/2 + rand.N(base/2+1)
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
