package httpapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/pbiconnect/pbiconnect/adapters/httpapi"
	"github.com/pbiconnect/pbiconnect/crypto"
	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/memstore"
)

// Example mounts the handler on a test server and saves an organization's
// settings through it, as a browser or another service would.
func Example() {
	// The host decides who a request comes from; here, one fixed token.
	authenticate := func(r *http.Request) (powerbi.Principal, error) {
		if r.Header.Get("Authorization") != "Bearer example-token" {
			return powerbi.Principal{}, errors.New("unknown token")
		}
		return powerbi.Principal{UserID: "ada", OrgID: "acme", Role: powerbi.RoleOwner}, nil
	}
	// A validator that accepts everything stands in for Entra ID.
	accept := powerbi.ValidatorFunc(func(context.Context, powerbi.Settings) powerbi.Report {
		return powerbi.Report{Checks: []powerbi.Check{{Name: "example", Status: powerbi.StatusPassed}}}
	})
	svc := powerbi.NewService(powerbi.Config{Store: memstore.New(),
		Sealer: crypto.New(crypto.NewKeyring(), crypto.Config{}), Validator: accept})

	mux := http.NewServeMux()
	mux.Handle("/v1/", httpapi.New(httpapi.Config{Service: svc, Authenticate: authenticate}))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	body := `{"tenantId":"acme.onmicrosoft.com","clientId":"11111111-2222-3333-4444-555555555555",
		"clientSecret":"s3cret","workspaceId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
		"username":"bi@acme.com","password":"pa55word"}`
	req, _ := http.NewRequest("PUT", srv.URL+"/v1/orgs/acme/integrations/powerbi",
		strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer example-token")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("ETag"), resp.Header.Get("Location"))

	resp, err = http.Get(srv.URL + "/v1/orgs/acme/integrations/powerbi")
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()
	fmt.Println(resp.Status, resp.Header.Get("Content-Type"))
	// Output:
	// 201 Created "1" /v1/orgs/acme/integrations/powerbi
	// 401 Unauthorized application/problem+json
}
