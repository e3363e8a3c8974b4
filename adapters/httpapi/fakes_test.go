package httpapi_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sort"
	"sync"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// fakeStore is a map-backed powerbi.Store with the versioning rules of the
// interface.
type fakeStore struct {
	mu      sync.Mutex
	records map[string]powerbi.Record
	events  map[string][]powerbi.Event
	// errs, keyed by method name, makes a method fail with the error.
	errs map[string]error
}

// fail makes method fail with err from now on.
func (s *fakeStore) fail(method string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs[method] = err
}

func newFakeStore() *fakeStore {
	return &fakeStore{records: map[string]powerbi.Record{}, events: map[string][]powerbi.Event{},
		errs: map[string]error{}}
}

func (s *fakeStore) Get(_ context.Context, orgID string) (*powerbi.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.errs["Get"]; err != nil {
		return nil, err
	}
	rec, ok := s.records[orgID]
	if !ok {
		return nil, powerbi.Errorf(powerbi.NotFound, "no settings for %q", orgID)
	}
	return &rec, nil
}

func (s *fakeStore) Put(_ context.Context, rec *powerbi.Record, ev powerbi.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.errs["Put"]; err != nil {
		return err
	}
	old, ok := s.records[rec.OrgID]
	switch {
	case rec.Version == 1 && ok, rec.Version > 1 && ok && old.Version != rec.Version-1:
		return powerbi.Errorf(powerbi.Conflict, "version conflict")
	case rec.Version > 1 && !ok:
		return powerbi.Errorf(powerbi.NotFound, "no settings")
	}
	r := *rec
	r.Sealed = bytes.Clone(rec.Sealed)
	s.records[rec.OrgID] = r
	s.events[rec.OrgID] = append(s.events[rec.OrgID], ev)
	return nil
}

func (s *fakeStore) Delete(_ context.Context, orgID string, version int64, ev powerbi.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.errs["Delete"]; err != nil {
		return err
	}
	old, ok := s.records[orgID]
	if !ok {
		return powerbi.Errorf(powerbi.NotFound, "no settings")
	}
	if old.Version != version {
		return powerbi.Errorf(powerbi.Conflict, "version conflict")
	}
	delete(s.records, orgID)
	s.events[orgID] = append(s.events[orgID], ev)
	return nil
}

func (s *fakeStore) History(_ context.Context, orgID string, limit int) ([]powerbi.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.errs["History"]; err != nil {
		return nil, err
	}
	out := slices.Clone(s.events[orgID])
	slices.Reverse(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (s *fakeStore) List(_ context.Context, after string, limit int) ([]*powerbi.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id := range s.records {
		if id > after {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	var out []*powerbi.Record
	for _, id := range ids {
		if len(out) == limit {
			break
		}
		rec := s.records[id]
		out = append(out, &rec)
	}
	return out, nil
}

// dump returns every byte the store holds that could carry a secret.
func (s *fakeStore) dump() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b bytes.Buffer
	for _, r := range s.records {
		b.Write(r.Sealed)
		b.WriteString(r.TenantID + r.ClientID + r.Scope + r.WorkspaceID + r.Username)
	}
	return b.Bytes()
}

// xorSealer stands in for envelope encryption: it flips every byte and
// prefixes the associated data, so a blob opens only for its own org and
// no plaintext sits in the store.
type xorSealer struct{}

func (xorSealer) Seal(_ context.Context, plain, ad []byte) ([]byte, error) {
	out := append([]byte{byte(len(ad))}, ad...)
	for _, c := range plain {
		out = append(out, c^0xa5)
	}
	return out, nil
}

func (xorSealer) Open(_ context.Context, blob, ad []byte) ([]byte, error) {
	if len(blob) < 1+len(ad) || int(blob[0]) != len(ad) || !bytes.Equal(blob[1:1+len(ad)], ad) {
		return nil, errors.New("associated data mismatch")
	}
	out := make([]byte, 0, len(blob))
	for _, c := range blob[1+len(ad):] {
		out = append(out, c^0xa5)
	}
	return out, nil
}
