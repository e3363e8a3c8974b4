package validate_test

import (
	"context"
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

func TestValidateMapsEntraCodes(t *testing.T) {
	tests := []struct {
		name   string
		change func(srv *validatetest.Server, d *validatetest.DemoCredentials)
		check  string
		field  string
		code   string
	}{
		{"unknown tenant fails tenantId", func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.TenantID = "nowhere.onmicrosoft.com"
		}, validate.CheckClientCredentials, "tenantId", "AADSTS90002"},
		{"unknown app fails clientId", func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.ClientID = "00000000-0000-0000-0000-000000000001"
		}, validate.CheckClientCredentials, "clientId", "AADSTS700016"},
		{"secret ID instead of value fails clientSecret", func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.ClientSecret = powerbi.NewSecret(d.SecretID)
		}, validate.CheckClientCredentials, "clientSecret", "AADSTS7000215"},
		{"expired secret fails clientSecret", func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.ClientID = srv.AddApp(validatetest.App{TenantID: d.Settings.TenantID,
				Secrets: []validatetest.AppSecret{{Value: "expired-secret", Expires: time.Now().Add(-time.Hour)}}})
			d.Settings.ClientSecret = powerbi.NewSecret("expired-secret")
		}, validate.CheckClientCredentials, "clientSecret", "AADSTS7000222"},
		{"unknown resource fails scope", func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.Scope = "https://example.com/api/.default"
		}, validate.CheckClientCredentials, "scope", "AADSTS500011"},
		{"disabled app fails clientId", func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.ClientID = srv.AddApp(validatetest.App{TenantID: d.Settings.TenantID, Disabled: true,
				Secrets: []validatetest.AppSecret{{Value: d.Settings.ClientSecret.Reveal()}}})
		}, validate.CheckClientCredentials, "clientId", "AADSTS7000112"},
		{"wrong password fails password", func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.Password = powerbi.NewSecret("wrong-password")
		}, validate.CheckMasterUser, "password", "AADSTS50126"},
		{"unknown user fails username", func(_ *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.Username = "nobody@" + domainOf(d.Settings.Username)
		}, validate.CheckMasterUser, "username", "AADSTS50034"},
		{"expired password fails password", userWith(validatetest.User{PasswordExpired: true}),
			validate.CheckMasterUser, "password", "AADSTS50055"},
		{"locked account fails username", userWith(validatetest.User{Locked: true}),
			validate.CheckMasterUser, "username", "AADSTS50053"},
		{"disabled account fails username", userWith(validatetest.User{Disabled: true}),
			validate.CheckMasterUser, "username", "AADSTS50057"},
		{"MFA fails username", userWith(validatetest.User{MFA: true}),
			validate.CheckMasterUser, "username", "AADSTS50076"},
		{"conditional access fails username", userWith(validatetest.User{ConditionalAccess: true}),
			validate.CheckMasterUser, "username", "AADSTS53003"},
		{"missing consent fails clientId", func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.ClientID = srv.AddApp(validatetest.App{TenantID: d.Settings.TenantID,
				PublicClient: true, NoConsent: true})
		}, validate.CheckMasterUser, "clientId", "AADSTS65001"},
		{"app without public client flows fails clientId", func(srv *validatetest.Server, d *validatetest.DemoCredentials) {
			d.Settings.ClientID = srv.AddApp(validatetest.App{TenantID: d.Settings.TenantID})
		}, validate.CheckMasterUser, "clientId", "AADSTS7000218"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, v, demo := fixture(t, false)
			tt.change(srv, &demo)

			rep := v.Validate(context.Background(), demo.Settings)

			c := find(t, rep, tt.check)
			assert.Equal(t, powerbi.StatusFailed, c.Status, c.Message)
			assert.Equal(t, tt.field, c.Field)
			assert.Equal(t, tt.code, c.Code)
			assert.NotEmpty(t, c.Hint)
			assert.Contains(t, c.Message, "Trace ID:")
			assert.Equal(t, powerbi.StatusFailed, rep.Status)
		})
	}
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
