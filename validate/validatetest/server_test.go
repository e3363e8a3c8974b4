package validatetest_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

func TestServerRecordsFormsWithSecretsRedacted(t *testing.T) {
	srv := validatetest.NewServer()
	t.Cleanup(srv.Close)
	demo := srv.AddDemo()

	validate.New(srv.Config(false)).Validate(context.Background(), demo.Settings)

	var grants []string
	for _, r := range srv.Requests() {
		if r.Endpoint != validatetest.EndpointToken {
			continue
		}
		grants = append(grants, r.Form.Get("grant_type"))
		for _, k := range []string{"client_secret", "password"} {
			if r.Form.Has(k) {
				assert.Equal(t, "[REDACTED]", r.Form.Get(k))
			}
		}
		assert.Equal(t, demo.Settings.ClientID, r.Form.Get("client_id"))
	}
	assert.ElementsMatch(t, []string{"client_credentials", "password"}, grants)
}

func TestServerAcceptsOnlyItsOwnTokens(t *testing.T) {
	srv := validatetest.NewServer()
	t.Cleanup(srv.Close)
	req, err := http.NewRequest(http.MethodGet, srv.Cloud().PowerBIAPI+"/v1.0/myorg/groups", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer made-up")

	resp, err := srv.Client().Do(req)

	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)
	assert.Equal(t, 1, srv.Count(validatetest.EndpointGroups))
}
