package powerbi

import "strings"

// DefaultScope is the scope used when Settings.Scope is empty: a token for
// the Power BI REST API.
const DefaultScope = "https://analysis.windows.net/powerbi/api/.default"

// MaxSecretBytes is the largest client secret or password accepted.
const MaxSecretBytes = 1024

// Settings are the seven values an organization enters to connect its Power
// BI. The JSON names are those of the HTTP contract.
type Settings struct {
	// TenantID is the Entra ID directory: a GUID or a verified domain such as
	// contoso.onmicrosoft.com.
	TenantID string `json:"tenantId" validate:"required,tenant"`
	// ClientID is the application (client) ID of the app registration.
	ClientID string `json:"clientId" validate:"required,guid"`
	// ClientSecret is the value (not the ID) of one of the app's secrets.
	ClientSecret Secret `json:"clientSecret" validate:"required,maxbytes=1024"`
	// Scope is what the token is requested for. Empty means DefaultScope.
	Scope string `json:"scope" validate:"required,scope"`
	// WorkspaceID is the Power BI workspace (group) that holds the content.
	WorkspaceID string `json:"workspaceId" validate:"required,guid"`
	// Username is the master user's user principal name.
	Username string `json:"username" validate:"required,upn"`
	// Password is the master user's password.
	Password Secret `json:"password" validate:"required,maxbytes=1024"`
}

// Normalize returns s with surrounding white space removed from every
// identifier, GUIDs and domains in lower case, and the default scope filled
// in. Secrets are kept exactly as typed.
func (s Settings) Normalize() Settings {
	s.TenantID = strings.ToLower(strings.TrimSpace(s.TenantID))
	s.ClientID = strings.ToLower(strings.TrimSpace(s.ClientID))
	s.Scope = strings.TrimSpace(s.Scope)
	if s.Scope == "" {
		s.Scope = DefaultScope
	}
	s.WorkspaceID = strings.ToLower(strings.TrimSpace(s.WorkspaceID))
	s.Username = strings.TrimSpace(s.Username)
	return s
}

// Patch is a partial change to Settings: each field, when not nil, replaces
// the [Settings] field of the same name; a nil field keeps the stored value.
// In JSON, a missing field and null both mean nil.
type Patch struct {
	// TenantID replaces Settings.TenantID.
	TenantID *string `json:"tenantId,omitempty"`
	// ClientID replaces Settings.ClientID.
	ClientID *string `json:"clientId,omitempty"`
	// ClientSecret replaces Settings.ClientSecret.
	ClientSecret *Secret `json:"clientSecret,omitempty"`
	// Scope replaces Settings.Scope; an empty string means DefaultScope.
	Scope *string `json:"scope,omitempty"`
	// WorkspaceID replaces Settings.WorkspaceID.
	WorkspaceID *string `json:"workspaceId,omitempty"`
	// Username replaces Settings.Username.
	Username *string `json:"username,omitempty"`
	// Password replaces Settings.Password.
	Password *Secret `json:"password,omitempty"`
}

// Apply returns s with every non-nil field of p put over it.
func (p Patch) Apply(s Settings) Settings {
	setIf(&s.TenantID, p.TenantID)
	setIf(&s.ClientID, p.ClientID)
	setIf(&s.ClientSecret, p.ClientSecret)
	setIf(&s.Scope, p.Scope)
	setIf(&s.WorkspaceID, p.WorkspaceID)
	setIf(&s.Username, p.Username)
	setIf(&s.Password, p.Password)
	return s
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// Changed returns the JSON names of the fields that differ between a and b,
// in form order, and an empty, non-nil slice when none do. Secrets are
// compared in constant time and only reported by name.
func Changed(a, b Settings) []string {
	out := []string{}
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("tenantId", a.TenantID != b.TenantID)
	add("clientId", a.ClientID != b.ClientID)
	add("clientSecret", !a.ClientSecret.Equal(b.ClientSecret))
	add("scope", a.Scope != b.Scope)
	add("workspaceId", a.WorkspaceID != b.WorkspaceID)
	add("username", a.Username != b.Username)
	add("password", !a.Password.Equal(b.Password))
	return out
}
