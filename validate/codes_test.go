package validate_test

import (
	"context"
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

// find returns the check named name.
func find(t *testing.T, rep powerbi.Report, name string) powerbi.Check {
	t.Helper()
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no check %s in %+v", name, rep.Checks)
	return powerbi.Check{}
}

// entraCase drives one AADSTS code of the table through MSAL against the
// fake cloud: change breaks the demo world the way a customer would, or
// injects the answer Entra ID gives for cases the world cannot produce.
type entraCase struct {
	name   string
	code   int
	change func(srv *validatetest.Server, d *validatetest.DemoCredentials)
	check  string
	field  string
	status powerbi.Status
}

// entraCases holds one case per code in the table; TestEveryEntraCodeHasACase
// keeps the two in step.
var entraCases = []entraCase{
	// The tenant.
	{"unknown tenant fails tenantId", 90002, func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
		d.Settings.TenantID = "nowhere.onmicrosoft.com"
	}, validate.CheckClientCredentials, "tenantId", powerbi.StatusFailed},
	{"malformed tenant fails tenantId", 900023, inject(validatetest.EndpointOpenID, 400,
		"invalid_request", 900023, "Specified tenant identifier is neither a valid DNS name, "+
			"nor a valid external domain."),
		validate.CheckClientCredentials, "tenantId", powerbi.StatusFailed},
	{"invalid tenant input fails tenantId", 90013, inject(validatetest.EndpointToken, 400,
		"invalid_request", 90013, "Invalid input received from the user."),
		validate.CheckClientCredentials, "tenantId", powerbi.StatusFailed},
	{"invalid tenant domain fails tenantId", 50128, inject(validatetest.EndpointToken, 400,
		"invalid_request", 50128, "Invalid domain name - No tenant-identifying information "+
			"found in either the request or implied by any provided credentials."),
		validate.CheckClientCredentials, "tenantId", powerbi.StatusFailed},
	{"tenant not found in request fails tenantId", 50059, inject(validatetest.EndpointToken, 400,
		"invalid_request", 50059, "No tenant-identifying information found in either the "+
			"request or implied by any provided credentials."),
		validate.CheckMasterUser, "tenantId", powerbi.StatusFailed},

	// The application.
	{"unknown app fails clientId", 700016, func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
		d.Settings.ClientID = "00000000-0000-0000-0000-000000000001"
	}, validate.CheckClientCredentials, "clientId", powerbi.StatusFailed},
	{"disabled app fails clientId", 7000112, func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
		d.Settings.ClientID = srv.AddApp(validatetest.App{TenantID: d.Settings.TenantID, Disabled: true,
			Secrets: []validatetest.AppSecret{{Value: d.Settings.ClientSecret.Reveal()}}})
	}, validate.CheckClientCredentials, "clientId", powerbi.StatusFailed},
	{"app without public client flows fails clientId", 7000218, appWith(validatetest.App{}),
		validate.CheckMasterUser, "clientId", powerbi.StatusFailed},
	{"missing consent fails clientId", 65001, appWith(validatetest.App{PublicClient: true, NoConsent: true}),
		validate.CheckMasterUser, "clientId", powerbi.StatusFailed},

	// The client secret.
	{"secret ID instead of value fails clientSecret", 7000215, func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
		d.Settings.ClientSecret = powerbi.NewSecret(d.SecretID)
	}, validate.CheckClientCredentials, "clientSecret", powerbi.StatusFailed},
	{"expired secret fails clientSecret", 7000222, func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
		d.Settings.ClientID = srv.AddApp(validatetest.App{TenantID: d.Settings.TenantID,
			Secrets: []validatetest.AppSecret{{Value: "expired-secret", Expires: time.Now().Add(-time.Hour)}}})
		d.Settings.ClientSecret = powerbi.NewSecret("expired-secret")
	}, validate.CheckClientCredentials, "clientSecret", powerbi.StatusFailed},

	// The scope. The static rules only let a single https:// or api://
	// scope ending in /.default through, so Entra ID's scope syntax errors
	// are injected.
	{"invalid scope fails scope", 70011, inject(validatetest.EndpointToken, 400, "invalid_scope",
		70011, "The provided value for the input parameter 'scope' is not valid."),
		validate.CheckClientCredentials, "scope", powerbi.StatusFailed},
	{"scope without /.default fails scope", 1002012, inject(validatetest.EndpointToken, 400,
		"invalid_scope", 1002012, "The provided value for scope is not valid. Client credential "+
			"flows must have a scope value with /.default suffixed to the resource identifier."),
		validate.CheckClientCredentials, "scope", powerbi.StatusFailed},
	{"unknown resource fails scope", 500011, func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
		d.Settings.Scope = "https://example.com/api/.default"
	}, validate.CheckClientCredentials, "scope", powerbi.StatusFailed},
	{"missing API permission fails scope", 650057,
		appWith(validatetest.App{PublicClient: true, NoPermission: true}),
		validate.CheckMasterUser, "scope", powerbi.StatusFailed},

	// The master user.
	{"wrong password fails password", 50126, func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
		d.Settings.Password = powerbi.NewSecret("wrong-password")
	}, validate.CheckMasterUser, "password", powerbi.StatusFailed},
	{"expired password fails password", 50055, userWith(validatetest.User{PasswordExpired: true}),
		validate.CheckMasterUser, "password", powerbi.StatusFailed},
	{"expired on-premises password fails password", 50144,
		userWith(validatetest.User{SyncedPasswordExpired: true}),
		validate.CheckMasterUser, "password", powerbi.StatusFailed},
	{"unknown user fails username", 50034, func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
		d.Settings.Username = "nobody@" + domainOf(d.Settings.Username)
	}, validate.CheckMasterUser, "username", powerbi.StatusFailed},
	{"user of another tenant fails username", 50020, foreignUser,
		validate.CheckMasterUser, "username", powerbi.StatusFailed},
	{"locked account fails username", 50053, userWith(validatetest.User{Locked: true}),
		validate.CheckMasterUser, "username", powerbi.StatusFailed},
	{"disabled account fails username", 50057, userWith(validatetest.User{Disabled: true}),
		validate.CheckMasterUser, "username", powerbi.StatusFailed},
	{"MFA fails username", 50076, userWith(validatetest.User{MFA: true}),
		validate.CheckMasterUser, "username", powerbi.StatusFailed},
	{"MFA registration fails username", 50079, userWith(validatetest.User{MFARegistration: true}),
		validate.CheckMasterUser, "username", powerbi.StatusFailed},
	{"external challenge fails username", 50158, userWith(validatetest.User{ExternalChallenge: true}),
		validate.CheckMasterUser, "username", powerbi.StatusFailed},
	{"conditional access fails username", 53003, userWith(validatetest.User{ConditionalAccess: true}),
		validate.CheckMasterUser, "username", powerbi.StatusFailed},

	// Throttling says nothing about the credentials, whatever the status.
	{"request loop is unavailable", 50196, inject(validatetest.EndpointToken, 400,
		"invalid_request", 50196, "The server terminated an operation because it encountered "+
			"a client request loop."),
		validate.CheckClientCredentials, "", powerbi.StatusUnavailable},
	{"tenant throttling is unavailable", 90055, inject(validatetest.EndpointToken, 429,
		"temporarily_unavailable", 90055, "Too many requests for this tenant."),
		validate.CheckMasterUser, "", powerbi.StatusUnavailable},
	{"transient outage is unavailable", 90033, inject(validatetest.EndpointToken, 503,
		"temporarily_unavailable", 90033, "A transient error has occurred. Please try again."),
		validate.CheckClientCredentials, "", powerbi.StatusUnavailable},
	{"app throttling is unavailable", 7000114, inject(validatetest.EndpointToken, 429,
		"temporarily_unavailable", 7000114, "Too many requests for this application."),
		validate.CheckClientCredentials, "", powerbi.StatusUnavailable},
}

// traceLine is how a check's message ends when Entra ID gave a trace ID.
var traceLine = regexp.MustCompile(`Trace ID: [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.$`)

func TestValidateMapsEntraCodes(t *testing.T) {
	for _, tt := range entraCases {
		t.Run(tt.name, func(t *testing.T) {
			srv, v, demo := fixture(t, false)
			tt.change(srv, &demo)

			rep := v.Validate(context.Background(), demo.Settings)

			c := find(t, rep, tt.check)
			assert.Equal(t, tt.status, c.Status, c.Message)
			assert.Equal(t, tt.field, c.Field)
			assert.Equal(t, fmt.Sprintf("AADSTS%d", tt.code), c.Code)
			assert.NotEmpty(t, c.Hint)
			assert.Regexp(t, traceLine, c.Message)
			if tt.status == powerbi.StatusFailed {
				assert.Equal(t, powerbi.StatusFailed, rep.Status)
			} else {
				assert.NotEqual(t, powerbi.StatusFailed, rep.Status)
			}
		})
	}
}

func TestEveryEntraCodeHasACase(t *testing.T) {
	covered := map[int]bool{}
	for _, tt := range entraCases {
		covered[tt.code] = true
	}
	for _, code := range validate.EntraCodes() {
		assert.True(t, covered[code], "AADSTS%d is mapped but has no end-to-end case", code)
		delete(covered, code)
	}
	assert.Empty(t, covered, "cases for codes the table does not map")
}

// inject makes ep answer with Entra ID's error body for code.
func inject(ep validatetest.Endpoint, status int, kind string, code int,
	description string) func(*validatetest.Server, *validatetest.DemoCredentials) {
	return func(srv *validatetest.Server, _ *validatetest.DemoCredentials) {
		srv.SetFault(ep, validatetest.EntraError(status, kind, code, description))
	}
}

// appWith replaces the app by one with the flags of a and the demo secret.
func appWith(a validatetest.App) func(*validatetest.Server, *validatetest.DemoCredentials) {
	return func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
		a.TenantID = d.Settings.TenantID
		a.Secrets = []validatetest.AppSecret{{Value: d.Settings.ClientSecret.Reveal()}}
		d.Settings.ClientID = srv.AddApp(a)
	}
}

// foreignUser makes the master user an account of another tenant.
func foreignUser(srv *validatetest.Server, d *validatetest.DemoCredentials) {
	other := srv.AddDemo()
	d.Settings.Username = other.Settings.Username
	d.Settings.Password = other.Settings.Password
}

func domainOf(upn string) string {
	for i := range upn {
		if upn[i] == '@' {
			return upn[i+1:]
		}
	}
	return ""
}

// userWith replaces the master user by one with the flags of u.
func userWith(u validatetest.User) func(*validatetest.Server, *validatetest.DemoCredentials) {
	return func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
		u.TenantID = d.Settings.TenantID
		u.UPN = "flagged@" + domainOf(d.Settings.Username)
		u.Password = d.Settings.Password.Reveal()
		srv.AddUser(u)
		d.Settings.Username = u.UPN
	}
}

func TestValidateMFAHintNamesDeprecatedFlow(t *testing.T) {
	srv, v, demo := fixture(t, false)
	userWith(validatetest.User{MFA: true})(srv, &demo)

	c := find(t, v.Validate(context.Background(), demo.Settings), validate.CheckMasterUser)

	assert.Contains(t, c.Hint, "deprecated")
	assert.Contains(t, c.Hint, "multi-factor")
}

func TestValidateWorkspace(t *testing.T) {
	tests := []struct {
		name   string
		change func(srv *validatetest.Server, d *validatetest.DemoCredentials)
		status powerbi.Status
		field  string
	}{
		{"shared workspace passes", func(*validatetest.Server, *validatetest.DemoCredentials) {},
			powerbi.StatusPassed, "workspaceId"},
		{"unshared workspace fails workspaceId", func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.WorkspaceID = d.OtherWorkspaceID
		}, powerbi.StatusFailed, "workspaceId"},
		{"blocked service principals fail clientId", func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
			tenant := srv.AddTenant(validatetest.Tenant{Domains: []string{"blocked.example.com"},
				ServicePrincipalsBlocked: true})
			d.Settings.TenantID = tenant
			d.Settings.ClientID = srv.AddApp(validatetest.App{TenantID: tenant,
				Secrets: []validatetest.AppSecret{{Value: d.Settings.ClientSecret.Reveal()}}})
		}, powerbi.StatusFailed, "clientId"},
		{"failed sign-in skips the workspace", func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.ClientSecret = powerbi.NewSecret("wrong-secret-value")
		}, powerbi.StatusSkipped, "workspaceId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, v, demo := fixture(t, false)
			tt.change(srv, &demo)

			c := find(t, v.Validate(context.Background(), demo.Settings), validate.CheckWorkspace)

			assert.Equal(t, tt.status, c.Status, c.Message)
			assert.Equal(t, tt.field, c.Field)
			if tt.status == powerbi.StatusFailed {
				assert.NotEmpty(t, c.Hint)
			}
		})
	}
}

func TestValidateDatabricksFailsForAppOutsideWorkspace(t *testing.T) {
	srv, v, demo := fixture(t, true)
	demo.Settings.ClientID = srv.AddApp(validatetest.App{TenantID: demo.Settings.TenantID,
		PublicClient: true, Secrets: []validatetest.AppSecret{{Value: demo.Settings.ClientSecret.Reveal()}}})

	c := find(t, v.Validate(context.Background(), demo.Settings), validate.CheckDatabricks)

	assert.Equal(t, powerbi.StatusFailed, c.Status)
	assert.Equal(t, "clientId", c.Field)
	assert.NotEmpty(t, c.Hint)
}

func TestValidateNeverPutsASecretInAReport(t *testing.T) {
	srv, v, demo := fixture(t, true)
	secret := "s3cret-" + demo.SecretID
	body := `{"error":"invalid_client","error_description":"AADSTS7099999: bad secret ` + secret +
		`","error_codes":[7099999],"trace_id":"t-1"}`
	srv.SetFault(validatetest.EndpointToken, validatetest.Fault{Status: 401, Body: body})
	demo.Settings.ClientSecret = powerbi.NewSecret(secret)

	rep := v.Validate(context.Background(), demo.Settings)

	c := find(t, rep, validate.CheckClientCredentials)
	assert.Equal(t, "AADSTS7099999", c.Code)
	assert.Contains(t, c.Message, "[REDACTED]")
	require.NotEmpty(t, rep.Checks)
	for _, c := range rep.Checks {
		assert.NotContains(t, c.Message+c.Hint+c.Code, secret)
	}
}
