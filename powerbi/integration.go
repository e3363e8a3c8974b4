package powerbi

import "time"

// Integration is an organization's stored Power BI connection with its
// secrets opened. Only [Service.Credentials] hands one out.
type Integration struct {
	// OrgID is the organization the settings belong to.
	OrgID string
	// Settings are the settings with both secrets in the clear.
	Settings Settings
	// Version counts the writes since the settings were created, from 1.
	Version int64
	// CreatedAt and CreatedBy say when and by whom the settings were first
	// saved; UpdatedAt and UpdatedBy, the last write.
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
	// Validation is the live validation that the last save passed.
	Validation *Report
}

// View is the masked form of an integration that people see: every field
// but the secrets, which show only whether they are set. Its JSON names are
// those of the HTTP contract.
type View struct {
	// OrgID is the organization the settings belong to.
	OrgID string `json:"orgId"`
	// TenantID, ClientID, Scope, WorkspaceID and Username are the stored
	// non-secret settings, as normalized.
	TenantID    string `json:"tenantId"`
	ClientID    string `json:"clientId"`
	Scope       string `json:"scope"`
	WorkspaceID string `json:"workspaceId"`
	Username    string `json:"username"`
	// ClientSecretSet and PasswordSet say whether a secret is stored;
	// its value is never part of a View.
	ClientSecretSet bool `json:"clientSecretSet"`
	PasswordSet     bool `json:"passwordSet"`
	// Version is the version a conditional write must name.
	Version int64 `json:"version"`
	// CreatedAt is when the settings were first saved; UpdatedAt and
	// UpdatedBy, when and by whom they were last written.
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
	UpdatedBy string    `json:"updatedBy"`
	// Validation is the live validation that the last save passed.
	Validation *Report `json:"validation,omitempty"`
}

// viewOf masks a record. Both secrets are required by the static rules, so a
// record with a sealed blob has both set.
func viewOf(r *Record) *View {
	set := len(r.Sealed) > 0
	return &View{
		OrgID:           r.OrgID,
		TenantID:        r.TenantID,
		ClientID:        r.ClientID,
		Scope:           r.Scope,
		WorkspaceID:     r.WorkspaceID,
		Username:        r.Username,
		ClientSecretSet: set,
		PasswordSet:     set,
		Version:         r.Version,
		CreatedAt:       r.CreatedAt,
		UpdatedAt:       r.UpdatedAt,
		UpdatedBy:       r.UpdatedBy,
		Validation:      r.Validation,
	}
}
