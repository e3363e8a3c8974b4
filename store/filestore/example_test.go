package filestore_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/filestore"
)

func Example() {
	dir, err := os.MkdirTemp("", "pbiconnect-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	s, err := filestore.Open(filepath.Join(dir, "settings"), filestore.Config{})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// The service hands a store plain fields and a blob its Sealer made.
	rec := &powerbi.Record{OrgID: "org-1", Version: 1, TenantID: "contoso.onmicrosoft.com",
		Sealed: []byte("sealed by a powerbi.Sealer")}
	ev := powerbi.Event{OrgID: "org-1", Version: 1, Action: powerbi.ActionCreated, Actor: "alice"}
	if err := s.Put(ctx, rec, ev); err != nil {
		log.Fatal(err)
	}
	if err := s.Close(); err != nil {
		log.Fatal(err)
	}

	// Everything survives a restart.
	s, err = filestore.Open(filepath.Join(dir, "settings"), filestore.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	got, err := s.Get(ctx, "org-1")
	if err != nil {
		log.Fatal(err)
	}
	evs, err := s.History(ctx, "org-1", 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.TenantID, got.Version, evs[0].Action, evs[0].Actor)
	// Output: contoso.onmicrosoft.com 1 created alice
}
