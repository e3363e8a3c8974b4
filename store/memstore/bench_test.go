package memstore_test

import (
	"context"
	"sync"
	"testing"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
	"github.com/pbiconnect/pbiconnect/store/storetest"
)

// BenchmarkBaselineMapGet is the floor for Get: a locked map lookup with no
// copy.
func BenchmarkBaselineMapGet(b *testing.B) {
	var mu sync.RWMutex
	m := map[string]*powerbi.Record{"org-a": storetest.NewRecord("org-a", 1)}
	for b.Loop() {
		mu.RLock()
		r := m["org-a"]
		mu.RUnlock()
		if r == nil {
			b.Fatal("missing")
		}
	}
}

func BenchmarkGet(b *testing.B) {
	ctx := context.Background()
	s := memstore.New()
	rec := storetest.NewRecord("org-a", 1)
	if err := s.Put(ctx, rec, storetest.NewEvent(rec)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Get(ctx, "org-a"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineMapPut is the floor for Put: a locked map store with no
// version check, copy or history.
func BenchmarkBaselineMapPut(b *testing.B) {
	var mu sync.Mutex
	m := map[string]*powerbi.Record{}
	rec := storetest.NewRecord("org-a", 1)
	for b.Loop() {
		mu.Lock()
		m["org-a"] = rec
		mu.Unlock()
	}
}

func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	s := memstore.New()
	rec := storetest.NewRecord("org-a", 1)
	for b.Loop() {
		// The store copies rec, so one value can carry every version.
		if err := s.Put(ctx, rec, storetest.NewEvent(rec)); err != nil {
			b.Fatal(err)
		}
		rec.Version++

		// Start over now and then so the history does not fill memory.
		if rec.Version > resetEvery {
			b.StopTimer()
			s, rec.Version = memstore.New(), 1
			b.StartTimer()
		}
	}
}

// resetEvery is how many versions BenchmarkPut writes to one store.
const resetEvery = 10000
