package powerbi_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// validSettings returns settings that pass every static rule.
func validSettings() powerbi.Settings {
	return powerbi.Settings{
		TenantID:     "72f988bf-86f1-41af-91ab-2d7cd011db47",
		ClientID:     "0b5e9c7e-2b8a-4a53-9d9c-3f1f2a1b6c11",
		ClientSecret: powerbi.NewSecret("Xy8Q~abcdefghijklmnopqrstuvwxyz0123456"),
		Scope:        powerbi.DefaultScope,
		WorkspaceID:  "f089354e-8366-4e18-aea3-4cb4a3a50b48",
		Username:     "pbi.master@contoso.onmicrosoft.com",
		Password:     powerbi.NewSecret("correct horse battery staple"),
	}
}

func TestSettingsValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(s *powerbi.Settings)
		field string // "" means valid
		code  string
	}{
		{"all fields valid", func(s *powerbi.Settings) {}, "", ""},

		{"tenant guid accepted", func(s *powerbi.Settings) { s.TenantID = "72F988BF-86F1-41AF-91AB-2D7CD011DB47" }, "", ""},
		{"tenant domain accepted", func(s *powerbi.Settings) { s.TenantID = "contoso.onmicrosoft.com" }, "", ""},
		{"tenant custom domain accepted", func(s *powerbi.Settings) { s.TenantID = "fabrikam-eu.co.uk" }, "", ""},
		{"tenant padded with spaces accepted", func(s *powerbi.Settings) { s.TenantID = "  contoso.com\t" }, "", ""},
		{"tenant missing", func(s *powerbi.Settings) { s.TenantID = "" }, "tenantId", "required"},
		{"tenant common rejected", func(s *powerbi.Settings) { s.TenantID = "common" }, "tenantId", "invalid_format"},
		{"tenant Organizations rejected", func(s *powerbi.Settings) { s.TenantID = "Organizations" }, "tenantId", "invalid_format"},
		{"tenant consumers rejected", func(s *powerbi.Settings) { s.TenantID = "consumers" }, "tenantId", "invalid_format"},
		{"tenant with slash rejected", func(s *powerbi.Settings) { s.TenantID = "contoso.com/oauth2" }, "tenantId", "invalid_format"},
		{"tenant with query rejected", func(s *powerbi.Settings) { s.TenantID = "contoso.com?x=1" }, "tenantId", "invalid_format"},
		{"tenant with fragment rejected", func(s *powerbi.Settings) { s.TenantID = "contoso.com#a" }, "tenantId", "invalid_format"},
		{"tenant with percent rejected", func(s *powerbi.Settings) { s.TenantID = "contoso%2ecom" }, "tenantId", "invalid_format"},
		{"tenant with at rejected", func(s *powerbi.Settings) { s.TenantID = "evil.com@contoso.com" }, "tenantId", "invalid_format"},
		{"tenant with inner space rejected", func(s *powerbi.Settings) { s.TenantID = "contoso .com" }, "tenantId", "invalid_format"},
		{"tenant with port rejected", func(s *powerbi.Settings) { s.TenantID = "contoso.com:443" }, "tenantId", "invalid_format"},
		{"tenant single label rejected", func(s *powerbi.Settings) { s.TenantID = "contoso" }, "tenantId", "invalid_format"},
		{"tenant ip address rejected", func(s *powerbi.Settings) { s.TenantID = "127.0.0.1" }, "tenantId", "invalid_format"},
		{"tenant short guid rejected", func(s *powerbi.Settings) { s.TenantID = "72f988bf-86f1-41af-91ab-2d7cd011db4" }, "tenantId", "invalid_format"},

		{"client id missing", func(s *powerbi.Settings) { s.ClientID = " " }, "clientId", "required"},
		{"client id not a guid", func(s *powerbi.Settings) { s.ClientID = "my-app" }, "clientId", "invalid_format"},
		{"client id with braces rejected", func(s *powerbi.Settings) { s.ClientID = "{0b5e9c7e-2b8a-4a53-9d9c-3f1f2a1b6c11}" }, "clientId", "invalid_format"},
		{"client id uppercase accepted", func(s *powerbi.Settings) { s.ClientID = "0B5E9C7E-2B8A-4A53-9D9C-3F1F2A1B6C11" }, "", ""},

		{"client secret missing", func(s *powerbi.Settings) { s.ClientSecret = powerbi.Secret{} }, "clientSecret", "required"},
		{"client secret of 1 KiB accepted", func(s *powerbi.Settings) { s.ClientSecret = powerbi.NewSecret(strings.Repeat("a", 1024)) }, "", ""},
		{"client secret over 1 KiB rejected", func(s *powerbi.Settings) { s.ClientSecret = powerbi.NewSecret(strings.Repeat("a", 1025)) }, "clientSecret", "too_long"},
		{"client secret counted in bytes", func(s *powerbi.Settings) { s.ClientSecret = powerbi.NewSecret(strings.Repeat("é", 513)) }, "clientSecret", "too_long"},
		{"client secret of spaces taken as typed", func(s *powerbi.Settings) { s.ClientSecret = powerbi.NewSecret("   ") }, "", ""},

		{"scope empty gets default", func(s *powerbi.Settings) { s.Scope = "" }, "", ""},
		{"scope api uri accepted", func(s *powerbi.Settings) { s.Scope = "api://0b5e9c7e-2b8a-4a53-9d9c-3f1f2a1b6c11/.default" }, "", ""},
		{"scope databricks resource accepted", func(s *powerbi.Settings) { s.Scope = "https://2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default" }, "", ""},
		{"scope without default rejected", func(s *powerbi.Settings) { s.Scope = "https://analysis.windows.net/powerbi/api/Report.Read.All" }, "scope", "invalid_format"},
		{"scope http rejected", func(s *powerbi.Settings) { s.Scope = "http://analysis.windows.net/powerbi/api/.default" }, "scope", "invalid_format"},
		{"scope relative rejected", func(s *powerbi.Settings) { s.Scope = "/.default" }, "scope", "invalid_format"},
		{"scope with query rejected", func(s *powerbi.Settings) { s.Scope = "https://a.example/.default?x=1" }, "scope", "invalid_format"},
		{"scope with user info rejected", func(s *powerbi.Settings) { s.Scope = "https://u:p@a.example/.default" }, "scope", "invalid_format"},
		{"scope with space rejected", func(s *powerbi.Settings) { s.Scope = "https://a.example/.default openid" }, "scope", "invalid_format"},

		{"workspace missing", func(s *powerbi.Settings) { s.WorkspaceID = "" }, "workspaceId", "required"},
		{"workspace not a guid", func(s *powerbi.Settings) { s.WorkspaceID = "Sales" }, "workspaceId", "invalid_format"},
		{"workspace me rejected", func(s *powerbi.Settings) { s.WorkspaceID = "me" }, "workspaceId", "invalid_format"},

		{"username missing", func(s *powerbi.Settings) { s.Username = "" }, "username", "required"},
		{"username without at", func(s *powerbi.Settings) { s.Username = "pbi.master" }, "username", "invalid_format"},
		{"username without domain dot", func(s *powerbi.Settings) { s.Username = "pbi@contoso" }, "username", "invalid_format"},
		{"username with two at", func(s *powerbi.Settings) { s.Username = "a@b@contoso.com" }, "username", "invalid_format"},
		{"username with space", func(s *powerbi.Settings) { s.Username = "pbi master@contoso.com" }, "username", "invalid_format"},
		{"username with plus accepted", func(s *powerbi.Settings) { s.Username = "pbi+bi@contoso.com" }, "", ""},

		{"password missing", func(s *powerbi.Settings) { s.Password = powerbi.Secret{} }, "password", "required"},
		{"password over 1 KiB rejected", func(s *powerbi.Settings) { s.Password = powerbi.NewSecret(strings.Repeat("p", 1025)) }, "password", "too_long"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := validSettings()
			tc.edit(&s)
			err := s.Normalize().Validate()
			if tc.field == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, powerbi.Invalid, powerbi.ErrorCode(err))
			var perr *powerbi.Error
			require.ErrorAs(t, err, &perr)
			require.Len(t, perr.Fields, 1, "one error for one broken field")
			assert.Equal(t, tc.field, perr.Fields[0].Field)
			assert.Equal(t, tc.code, perr.Fields[0].Code)
			assert.NotEmpty(t, perr.Fields[0].Message)
		})
	}
}

func TestValidateReportsEveryBrokenFieldInFormOrder(t *testing.T) {
	err := powerbi.Settings{ClientSecret: powerbi.NewSecret(strings.Repeat("z", 2000))}.Normalize().Validate()
	var perr *powerbi.Error
	require.ErrorAs(t, err, &perr)
	var fields []string
	for _, f := range perr.Fields {
		fields = append(fields, f.Field)
	}
	assert.Equal(t, []string{"tenantId", "clientId", "clientSecret", "workspaceId", "username", "password"}, fields)
	assert.NotContains(t, err.Error(), "zzzz", "the message never quotes a value")
}

func TestNormalize(t *testing.T) {
	s := powerbi.Settings{
		TenantID:     " Contoso.OnMicrosoft.com ",
		ClientID:     "\t0B5E9C7E-2B8A-4A53-9D9C-3F1F2A1B6C11\n",
		ClientSecret: powerbi.NewSecret(" s "),
		WorkspaceID:  " F089354E-8366-4E18-AEA3-4CB4A3A50B48",
		Username:     " Pbi@Contoso.com ",
		Password:     powerbi.NewSecret(" p "),
	}.Normalize()
	assert.Equal(t, "contoso.onmicrosoft.com", s.TenantID)
	assert.Equal(t, "0b5e9c7e-2b8a-4a53-9d9c-3f1f2a1b6c11", s.ClientID)
	assert.Equal(t, "f089354e-8366-4e18-aea3-4cb4a3a50b48", s.WorkspaceID)
	assert.Equal(t, "Pbi@Contoso.com", s.Username)
	assert.Equal(t, powerbi.DefaultScope, s.Scope)
	assert.Equal(t, " s ", s.ClientSecret.Reveal())
	assert.Equal(t, " p ", s.Password.Reveal())
}

func TestPatchApplyKeepsNilFields(t *testing.T) {
	base := validSettings()
	ws := "11111111-2222-3333-4444-555555555555"
	pw := powerbi.NewSecret("new password")
	got := powerbi.Patch{WorkspaceID: &ws, Password: &pw}.Apply(base)

	assert.Equal(t, ws, got.WorkspaceID)
	assert.Equal(t, "new password", got.Password.Reveal())
	assert.Equal(t, base.TenantID, got.TenantID)
	assert.True(t, base.ClientSecret.Equal(got.ClientSecret))
	assert.Equal(t, []string{"workspaceId", "password"}, powerbi.Changed(base, got))
	assert.Equal(t, base, powerbi.Patch{}.Apply(base))
}

func TestValidOrgID(t *testing.T) {
	for id, want := range map[string]bool{
		"acme": true, "org_42": true, "a.b:c/d": true, "Ünïcødé": true, "..": true,
		strings.Repeat("x", 128): true, "": false, "a b": false, "a\nb": false,
		strings.Repeat("x", 129): false, "\xff": false,
	} {
		assert.Equal(t, want, powerbi.ValidOrgID(id), "%q", id)
	}
}
