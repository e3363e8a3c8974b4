package validate_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

func TestValidateFaultsAreUnavailable(t *testing.T) {
	tests := []struct {
		name     string
		endpoint validatetest.Endpoint
		fault    validatetest.Fault
		check    string
	}{
		{"hung token endpoint", validatetest.EndpointToken, validatetest.Fault{Hang: true},
			validate.CheckClientCredentials},
		{"hung metadata", validatetest.EndpointOpenID, validatetest.Fault{Hang: true},
			validate.CheckClientCredentials},
		{"token endpoint 503", validatetest.EndpointToken, validatetest.Fault{Status: 503},
			validate.CheckMasterUser},
		{"throttled token endpoint", validatetest.EndpointToken, validatetest.Fault{Status: 429,
			Body: `{"error":"temporarily_unavailable","error_description":"AADSTS90055: too many requests",` +
				`"error_codes":[90055]}`}, validate.CheckClientCredentials},
		{"malformed metadata", validatetest.EndpointOpenID, validatetest.Fault{Malformed: true},
			validate.CheckClientCredentials},
		{"malformed token", validatetest.EndpointToken, validatetest.Fault{Malformed: true},
			validate.CheckMasterUser},
		{"malformed user realm", validatetest.EndpointUserRealm, validatetest.Fault{Malformed: true},
			validate.CheckMasterUser},
		{"HTML error page", validatetest.EndpointToken, validatetest.Fault{Status: 400,
			Body: "<html>proxy error</html>"}, validate.CheckClientCredentials},
		{"Power BI 500", validatetest.EndpointGroups, validatetest.Fault{Status: 500},
			validate.CheckWorkspace},
		{"hung Power BI", validatetest.EndpointGroups, validatetest.Fault{Hang: true},
			validate.CheckWorkspace},
		{"malformed Power BI", validatetest.EndpointGroups, validatetest.Fault{Malformed: true},
			validate.CheckWorkspace},
		{"Databricks 502", validatetest.EndpointDatabricks, validatetest.Fault{Status: 502},
			validate.CheckDatabricks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := validatetest.NewServer()
			t.Cleanup(srv.Close)
			demo := srv.AddDemo()
			cfg := srv.Config(true)
			cfg.Timeout = time.Second
			v := validate.New(cfg)
			srv.SetFault(tt.endpoint, tt.fault)

			start := time.Now()
			rep := v.Validate(context.Background(), demo.Settings)

			assert.Less(t, time.Since(start), 5*time.Second, "validation must end near its deadline")
			c := find(t, rep, tt.check)
			assert.Equal(t, powerbi.StatusUnavailable, c.Status, "%s %s", c.Code, c.Message)
			assert.NotEmpty(t, c.Hint)
			assert.NotEqual(t, powerbi.StatusFailed, rep.Status)
		})
	}
}

func TestValidateRejectsTenantsWithoutARequest(t *testing.T) {
	tenants := []string{"common", "organizations", "consumers", "evil.example/x", "a/b",
		"contoso.com?x=1", "contoso.com#frag", "user@evil.example", "evil.example:443",
		"..", "contoso%2fcom", "", "https://evil.example"}
	for _, tenant := range tenants {
		t.Run("tenant "+tenant+" sends nothing", func(t *testing.T) {
			srv, v, demo := fixture(t, true)
			demo.Settings.TenantID = tenant

			rep := v.Validate(context.Background(), demo.Settings)

			assert.Equal(t, powerbi.StatusFailed, rep.Status)
			assert.Equal(t, "tenantId", rep.Checks[0].Field)
			assert.Zero(t, srv.Count(), "requests: %+v", srv.Requests())
		})
	}
}

func TestAppTokenRejectsTenantWithoutARequest(t *testing.T) {
	srv, v, demo := fixture(t, false)
	s := demo.Settings.Normalize()
	s.TenantID = "evil.example/x"

	_, err := v.AppToken(context.Background(), s, s.Scope)

	assert.Error(t, err)
	assert.Zero(t, srv.Count())
}
