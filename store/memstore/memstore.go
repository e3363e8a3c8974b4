package memstore

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

var _ powerbi.Store = (*Store)(nil)

// Store is an in-memory [powerbi.Store]. The zero value is an empty store
// ready to use, as is the one [New] returns. A Store is safe for concurrent
// use: writes are serialized and reads run in parallel. A Store must not be
// copied after first use.
type Store struct {
	mu      sync.RWMutex
	records map[string]*powerbi.Record
	history map[string][]powerbi.Event // oldest first
}

// New returns an empty Store.
func New() *Store {
	return &Store{
		records: make(map[string]*powerbi.Record),
		history: make(map[string][]powerbi.Event),
	}
}

// Get returns a copy of the record of orgID. Errors: NotFound, or the
// context's error if ctx is done.
func (s *Store) Get(ctx context.Context, orgID string) (*powerbi.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec, ok := s.records[orgID]
	if !ok {
		return nil, powerbi.Errorf(powerbi.NotFound, "no settings for organization %q", orgID)
	}
	return cloneRecord(rec), nil
}

// Put stores a copy of rec and appends ev to the history, as
// [powerbi.Store] describes. Errors: Invalid if rec's OrgID or version is
// not valid or ev does not name the same OrgID and version, Conflict,
// NotFound, or the context's error if ctx is done. Put panics if rec is nil.
func (s *Store) Put(ctx context.Context, rec *powerbi.Record, ev powerbi.Event) error {
	if rec == nil {
		panic("memstore: Put with a nil record")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := powerbi.CheckWrite(rec.OrgID, rec.Version, ev); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()

	cur, ok := s.records[rec.OrgID]
	switch {
	case rec.Version == 1 && ok:
		return conflict(rec.OrgID)
	case rec.Version > 1 && !ok:
		return powerbi.Errorf(powerbi.NotFound, "no settings for organization %q", rec.OrgID)
	case rec.Version > 1 && cur.Version != rec.Version-1:
		return conflict(rec.OrgID)
	}
	s.records[rec.OrgID] = cloneRecord(rec)
	s.history[rec.OrgID] = append(s.history[rec.OrgID], cloneEvent(ev))
	return nil
}

// Delete removes the record of orgID if it has version and appends ev to
// the history. Errors: Invalid if ev does not name orgID and version,
// NotFound, Conflict, or the context's error if ctx is done.
func (s *Store) Delete(ctx context.Context, orgID string, version int64, ev powerbi.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := powerbi.CheckWrite(orgID, version, ev); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()

	cur, ok := s.records[orgID]
	if !ok {
		return powerbi.Errorf(powerbi.NotFound, "no settings for organization %q", orgID)
	}
	if cur.Version != version {
		return conflict(orgID)
	}
	delete(s.records, orgID)
	s.history[orgID] = append(s.history[orgID], cloneEvent(ev))
	return nil
}

// History returns copies of up to limit events of orgID, newest first; a
// limit of zero or less means all. Errors: only the context's error.
func (s *Store) History(ctx context.Context, orgID string, limit int) ([]powerbi.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	evs := s.history[orgID]
	if limit <= 0 || limit > len(evs) {
		limit = len(evs)
	}
	out := make([]powerbi.Event, 0, limit)
	for i := len(evs) - 1; i >= len(evs)-limit; i-- {
		out = append(out, cloneEvent(evs[i]))
	}
	return out, nil
}

// List returns copies of up to limit records whose OrgID sorts after the
// given one in byte order, ascending; a limit of zero or less means all.
// It sorts every OrgID on each call, which is fine for the sizes a memory
// store holds. Errors: only the context's error.
func (s *Store) List(ctx context.Context, after string, limit int) ([]*powerbi.Record, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	ids := make([]string, 0, len(s.records))
	for id := range s.records {
		if id > after {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if limit > 0 && limit < len(ids) {
		ids = ids[:limit]
	}
	out := make([]*powerbi.Record, len(ids))
	for i, id := range ids {
		out[i] = cloneRecord(s.records[id])
	}
	return out, nil
}

// init makes the maps of a zero Store. It must run under the write lock.
func (s *Store) init() {
	if s.records == nil {
		s.records = make(map[string]*powerbi.Record)
		s.history = make(map[string][]powerbi.Event)
	}
}

func conflict(orgID string) error {
	return powerbi.Errorf(powerbi.Conflict, "settings of organization %q changed meanwhile", orgID)
}

// cloneRecord returns a deep copy of r.
func cloneRecord(r *powerbi.Record) *powerbi.Record {
	c := *r
	c.Sealed = slices.Clone(r.Sealed)
	if r.Validation != nil {
		v := *r.Validation
		v.Checks = slices.Clone(r.Validation.Checks)
		c.Validation = &v
	}
	return &c
}

// cloneEvent returns a deep copy of e.
func cloneEvent(e powerbi.Event) powerbi.Event {
	e.Fields = slices.Clone(e.Fields)
	return e
}
