package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"time"

	"github.com/pbiconnect/pbiconnect/adapters/httpapi"
	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
	"github.com/pbiconnect/pbiconnect/store/sqlstore"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

func main() {
	db := flag.String("db", "", "SQLite file to keep settings in; empty keeps them in memory")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := run(ctx, *db, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, db string, out io.Writer) error {
	// The cloud. Offline we use the fake one; in production the zero
	// validate.Config checks against the real Entra ID and Power BI.
	fake := validatetest.NewServer()
	defer fake.Close()
	demo := fake.AddDemo()
	checker := validate.New(fake.Config(false))

	// Storage and encryption. In production: sqlstore with a real database
	// and crypto.OpenKeyring on a file (or a remote KEK).
	store, closeStore, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer closeStore()
	svc := powerbi.NewService(powerbi.Config{
		Store:     store,
		Sealer:    crypto.New(crypto.NewKeyring(), crypto.Config{}),
		Validator: checker,
	})

	// The admin side: mount the HTTP API behind your own authentication.
	// Here one request from an org admin saves the settings.
	api := httpapi.New(httpapi.Config{Service: svc, Authenticate: sessionUser})
	if err := saveAsAdmin(api, demo.Settings); err != nil {
		return err
	}
	fmt.Fprintln(out, "an admin of acme saved the Power BI settings")

	// The server side: your own code reads the credentials, unmasked, and
	// calls Power BI with them. Never hand them to a browser.
	creds, err := svc.Credentials(ctx, "acme")
	if err != nil {
		return err
	}
	token, err := checker.AppToken(ctx, creds.Settings, creds.Settings.Scope)
	if err != nil {
		return fmt.Errorf("sign in as the app: %w", err)
	}
	fmt.Fprintf(out, "signed in as app %s; token %v, secret %v\n",
		creds.Settings.ClientID, token, creds.Settings.ClientSecret)
	name, err := workspaceName(ctx, fake.Client(), fake.Cloud().PowerBIAPI,
		creds.Settings.WorkspaceID, token)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "workspace %q is reachable (settings version %d)\n", name, creds.Version)
	return nil
}

// sessionUser stands in for the host's authentication: a real service reads
// its session cookie or token here.
func sessionUser(r *http.Request) (powerbi.Principal, error) {
	if r.Header.Get("X-Demo-User") != "ann" {
		return powerbi.Principal{}, powerbi.Errorf(powerbi.Unauthenticated, "no session")
	}
	return powerbi.Principal{UserID: "ann", OrgID: "acme", Role: powerbi.RoleAdmin}, nil
}

// saveAsAdmin sends the PUT that the settings page would send.
func saveAsAdmin(api http.Handler, s powerbi.Settings) error {
	body, err := json.Marshal(map[string]string{"tenantId": s.TenantID, "clientId": s.ClientID,
		"clientSecret": s.ClientSecret.Reveal(), "workspaceId": s.WorkspaceID,
		"username": s.Username, "password": s.Password.Reveal()})
	if err != nil {
		return err
	}
	req := httptest.NewRequest(http.MethodPut, "/v1/orgs/acme/integrations/powerbi",
		bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Demo-User", "ann")
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		return fmt.Errorf("save: HTTP %d: %s", rec.Code, rec.Body)
	}
	return nil
}

// workspaceName asks Power BI for the workspace with the app's token.
func workspaceName(ctx context.Context, c *http.Client, api, id string,
	token powerbi.Secret) (string, error) {
	q := url.Values{"$filter": {"id eq '" + id + "'"}}
	u := api + "/v1.0/myorg/groups?" + q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+token.Reveal())
	res, err := c.Do(req)
	if err != nil {
		return "", fmt.Errorf("power bi: %w", err)
	}
	defer res.Body.Close()
	var groups struct {
		Value []struct{ Name string } `json:"value"`
	}
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&groups); err != nil {
		return "", fmt.Errorf("power bi: HTTP %d: %w", res.StatusCode, err)
	}
	if len(groups.Value) == 0 {
		return "", fmt.Errorf("power bi: workspace %s is not shared with the app", id)
	}
	return groups.Value[0].Name, nil
}

// openStore keeps settings in memory, or in SQLite when db names a file.
func openStore(ctx context.Context, db string) (powerbi.Store, func(), error) {
	if db == "" {
		return memstore.New(), func() {}, nil
	}
	s, err := sqlstore.Open(ctx, "sqlite:"+db, sqlstore.Config{})
	if err != nil {
		return nil, nil, err
	}
	return s, func() { s.Close() }, nil
}
