package memstore_test

import (
	"context"
	"fmt"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
)

func Example() {
	ctx := context.Background()
	s := memstore.New()

	// A store sees only plain fields and the sealed blob the service made.
	rec := &powerbi.Record{OrgID: "org-1", Version: 1, TenantID: "contoso.onmicrosoft.com",
		Sealed: []byte("sealed by a powerbi.Sealer")}
	ev := powerbi.Event{OrgID: "org-1", Version: 1, Action: powerbi.ActionCreated, Actor: "alice"}
	if err := s.Put(ctx, rec, ev); err != nil {
		fmt.Println(err)
	}

	// Writing version 1 again loses to the record already there.
	err := s.Put(ctx, rec, ev)
	fmt.Println(powerbi.ErrorCode(err))

	got, _ := s.Get(ctx, "org-1")
	fmt.Println(got.TenantID, got.Version)
	// Output:
	// conflict
	// contoso.onmicrosoft.com 1
}
