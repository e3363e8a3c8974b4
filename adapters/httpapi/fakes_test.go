package httpapi_test

import (
	"bytes"
	"context"
	"sync"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
)

// faultyStore is the in-memory store with failures on demand, to show what
// the handler makes of a store that loses a race or breaks.
type faultyStore struct {
	*memstore.Store
	mu   sync.Mutex
	errs map[string]error // keyed by method name
}

func newFaultyStore() *faultyStore {
	return &faultyStore{Store: memstore.New(), errs: map[string]error{}}
}

// fail makes method fail with err from now on.
func (s *faultyStore) fail(method string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs[method] = err
}

func (s *faultyStore) err(method string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.errs[method]
}

func (s *faultyStore) Get(ctx context.Context, orgID string) (*powerbi.Record, error) {
	if err := s.err("Get"); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, orgID)
}

func (s *faultyStore) Put(ctx context.Context, rec *powerbi.Record, ev powerbi.Event) error {
	if err := s.err("Put"); err != nil {
		return err
	}
	return s.Store.Put(ctx, rec, ev)
}

func (s *faultyStore) Delete(ctx context.Context, orgID string, version int64,
	ev powerbi.Event) error {
	if err := s.err("Delete"); err != nil {
		return err
	}
	return s.Store.Delete(ctx, orgID, version, ev)
}

func (s *faultyStore) History(ctx context.Context, orgID string,
	limit int) ([]powerbi.Event, error) {
	if err := s.err("History"); err != nil {
		return nil, err
	}
	return s.Store.History(ctx, orgID, limit)
}

// dump returns every byte the store holds for its records, sealed secrets
// included.
func (s *faultyStore) dump(ctx context.Context) []byte {
	var b bytes.Buffer
	recs, err := s.Store.List(ctx, "", 1000)
	if err != nil {
		panic(err)
	}
	for _, r := range recs {
		b.Write(r.Sealed)
		b.WriteString(r.TenantID + r.ClientID + r.Scope + r.WorkspaceID + r.Username)
	}
	return b.Bytes()
}
