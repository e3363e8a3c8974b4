package filestore

import (
	"context"
	"os"
	"slices"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// Get returns the record of orgID. Errors: Invalid for an ID that
// [powerbi.ValidOrgID] refuses, NotFound, Internal for an unreadable or
// corrupted file or a closed store, or the context's error.
func (s *Store) Get(ctx context.Context, orgID string) (*powerbi.Record, error) {
	if err := checkOrg(orgID); err != nil {
		return nil, err
	}
	if err := s.readLock(ctx); err != nil {
		return nil, err
	}
	defer s.readUnlock()
	rec, err := s.readRecord(orgID)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, notFound(orgID)
	}
	return rec, nil
}

// Put writes rec and appends ev to the history, as [powerbi.Store]
// describes, durably before it returns. Errors: Invalid if rec's OrgID or
// version is not valid or ev names another OrgID or version, Conflict,
// NotFound, Internal, or the context's error. Put panics if rec is nil.
func (s *Store) Put(ctx context.Context, rec *powerbi.Record, ev powerbi.Event) error {
	if rec == nil {
		panic("filestore: Put with a nil record")
	}
	if err := powerbi.CheckWrite(rec.OrgID, rec.Version, ev); err != nil {
		return err
	}
	data, err := encodeRecord(rec)
	if err != nil {
		return internal("encode record", err)
	}
	return s.write(ctx, rec.OrgID, ev, func(cur *powerbi.Record) error {
		switch {
		case rec.Version == 1 && cur != nil:
			return conflict(rec.OrgID)
		case rec.Version > 1 && cur == nil:
			return notFound(rec.OrgID)
		case rec.Version > 1 && cur.Version != rec.Version-1:
			return conflict(rec.OrgID)
		}
		return nil
	}, func() error { return s.writeRecord(s.recordPath(rec.OrgID), data) })
}

// Delete removes the record of orgID if it has version and appends ev to
// the history, durably before it returns. Errors: Invalid if ev names
// another OrgID or version, NotFound, Conflict, Internal, or the context's
// error.
func (s *Store) Delete(ctx context.Context, orgID string, version int64, ev powerbi.Event) error {
	if err := powerbi.CheckWrite(orgID, version, ev); err != nil {
		return err
	}
	return s.write(ctx, orgID, ev, func(cur *powerbi.Record) error {
		switch {
		case cur == nil:
			return notFound(orgID)
		case cur.Version != version:
			return conflict(orgID)
		}
		return nil
	}, func() error { return removeSync(s.recordPath(orgID)) })
}

// write runs one change of org under the exclusive lock: it rolls back
// what a crashed writer left, checks the current record, appends ev, and
// then commits by calling apply. If apply fails, the event is cut off again.
func (s *Store) write(ctx context.Context, org string, ev powerbi.Event,
	check func(cur *powerbi.Record) error, apply func() error) error {
	line, err := encodeEvent(ev)
	if err != nil {
		return internal("encode event", err)
	}
	if err := s.writeLock(ctx); err != nil {
		return err
	}
	defer s.writeUnlock()

	cur, err := s.recover(org)
	if err != nil {
		return err
	}
	if err := check(cur); err != nil {
		return err
	}
	hist := s.historyPath(org)
	size, err := appendSync(hist, line)
	if err != nil {
		return internal("append history", err)
	}
	if err := apply(); err != nil {
		s.undo(org, ev, hist, size)
		return internal("write record", err)
	}
	return nil
}

// undo cuts off the event a failed write appended, unless the write took
// effect before it failed (when only syncing the directory failed). If the
// cut fails too, readers still skip the event, since the record does not
// agree with it.
func (s *Store) undo(org string, ev powerbi.Event, hist string, size int64) {
	cur, err := s.readRecord(org)
	if err == nil && agrees([]powerbi.Event{ev}, true, cur) {
		return
	}
	_ = truncateSync(hist, size)
}

// recover returns the record of org after cutting off the history event of
// a writer that crashed before it committed. It must run under the
// exclusive lock.
func (s *Store) recover(org string) (*powerbi.Record, error) {
	cur, err := s.readRecord(org)
	if err != nil {
		return nil, err
	}
	hist := s.historyPath(org)
	tail, err := readTail(hist, org)
	if err != nil {
		return nil, err
	}
	end, dropped, err := tail.committedEnd(org, cur)
	if err != nil {
		return nil, err
	}
	if end < tail.size {
		if err := truncateSync(hist, end); err != nil {
			return nil, internal("roll back history", err)
		}
		s.log.Warn("filestore rolled back an unfinished write", "org", org,
			"events", dropped, "bytes", tail.size-end)
	}
	return cur, nil
}

// History returns up to limit events of orgID, newest first; a limit of
// zero or less means all. Errors: Invalid for an ID that
// [powerbi.ValidOrgID] refuses, Internal for a corrupted history or a
// closed store, or the context's error.
func (s *Store) History(ctx context.Context, orgID string, limit int) ([]powerbi.Event, error) {
	if err := checkOrg(orgID); err != nil {
		return nil, err
	}
	if err := s.readLock(ctx); err != nil {
		return nil, err
	}
	defer s.readUnlock()

	cur, err := s.readRecord(orgID)
	if err != nil {
		return nil, err
	}
	hist, err := readLog(s.historyPath(orgID), orgID)
	if err != nil {
		return nil, err
	}
	_, dropped, err := hist.committedEnd(orgID, cur)
	if err != nil {
		return nil, err
	}
	evs := hist.events[:len(hist.events)-dropped]
	if limit > 0 && limit < len(evs) {
		evs = evs[len(evs)-limit:]
	}
	slices.Reverse(evs)
	return evs, nil
}

// List returns up to limit records whose OrgID sorts after the given one in
// byte order, ascending; a limit of zero or less means all. It reads the
// directory on each call. Errors: Internal for an unreadable or corrupted
// file or a closed store, or the context's error.
func (s *Store) List(ctx context.Context, after string, limit int) ([]*powerbi.Record, error) {
	if err := s.readLock(ctx); err != nil {
		return nil, err
	}
	defer s.readUnlock()

	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, internal("read directory", err)
	}
	var orgs []string
	for _, e := range entries {
		if org, ok := decodeName(e.Name()); ok && org > after && e.Type().IsRegular() {
			orgs = append(orgs, org)
		}
	}
	slices.Sort(orgs)
	if limit > 0 && limit < len(orgs) {
		orgs = orgs[:limit]
	}
	out := make([]*powerbi.Record, 0, len(orgs))
	for _, org := range orgs {
		rec, err := s.readRecord(org)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			out = append(out, rec)
		}
	}
	return out, nil
}

func checkOrg(orgID string) error {
	if !powerbi.ValidOrgID(orgID) {
		return powerbi.Errorf(powerbi.Invalid, "filestore: organization id is invalid")
	}
	return nil
}

func notFound(orgID string) error {
	return powerbi.Errorf(powerbi.NotFound, "no settings for organization %q", orgID)
}

func conflict(orgID string) error {
	return powerbi.Errorf(powerbi.Conflict, "settings of organization %q changed meanwhile", orgID)
}
