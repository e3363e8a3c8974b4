package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/sqlstore"
)

// Example keeps an organization's settings in a SQLite file, sealed with an
// in-memory keyring, through the service.
func Example() {
	dir, err := os.MkdirTemp("", "sqlstore-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ctx := context.Background()
	store, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "pbiconnect.db"), sqlstore.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	svc := powerbi.NewService(powerbi.Config{
		Store:  store,
		Sealer: crypto.New(crypto.NewKeyring(), crypto.Config{}),
		// A real host validates live with the validate package.
		Validator: powerbi.ValidatorFunc(func(context.Context, powerbi.Settings) powerbi.Report {
			return powerbi.Report{Checks: []powerbi.Check{{Name: "demo", Status: powerbi.StatusPassed}}}
		}),
	})
	ctx = powerbi.NewContext(ctx, powerbi.Principal{UserID: "ada", OrgID: "org-42", Role: powerbi.RoleOwner})
	view, created, err := svc.Save(ctx, "org-42", powerbi.Settings{
		TenantID:     "contoso.onmicrosoft.com",
		ClientID:     "0b8f0f6e-6c59-4d8a-9e7a-5c1f2f2d7b11",
		ClientSecret: powerbi.NewSecret("client-secret-value"),
		WorkspaceID:  "f7a1c0de-2b3c-4d5e-8f90-a1b2c3d4e5f6",
		Username:     "powerbi.master@contoso.onmicrosoft.com",
		Password:     powerbi.NewSecret("master-password"),
	}, powerbi.AnyVersion)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created:", created, "version:", view.Version, "password set:", view.PasswordSet)

	events, err := svc.History(ctx, "org-42", 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("history:", events[0].Action, "by", events[0].Actor, events[0].Fields)
	// Output:
	// created: true version: 1 password set: true
	// history: created by ada [tenantId clientId clientSecret scope workspaceId username password]
}

// ExampleNew wraps a pool the host manages itself. The store migrates the
// schema but leaves the pool open on Close.
func ExampleNew() {
	dir, err := os.MkdirTemp("", "sqlstore-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	// The pragmas and _txlock=immediate are what Open would set.
	db, err := sql.Open("sqlite", filepath.Join(dir, "app.db")+
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	store, err := sqlstore.New(context.Background(), db, sqlstore.SQLite, sqlstore.Config{})
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	recs, err := store.List(context.Background(), "", 10)
	fmt.Println(len(recs), err)
	// Output: 0 <nil>
}
