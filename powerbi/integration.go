package powerbi

import "time"

// Integration is an organization's stored Power BI connection with its
// secrets opened. Only [Service.Credentials] hands one out.
type Integration struct {
	OrgID      string
	Settings   Settings
	Version    int64
	CreatedAt  time.Time
	CreatedBy  string
	UpdatedAt  time.Time
	UpdatedBy  string
	Validation *Report
}

// View is the masked form of an integration that people see: every field
// but the secrets, which show only whether they are set. Its JSON names are
// those of the HTTP contract.
type View struct {
	OrgID           string    `json:"orgId"`
	TenantID        string    `json:"tenantId"`
	ClientID        string    `json:"clientId"`
	Scope           string    `json:"scope"`
	WorkspaceID     string    `json:"workspaceId"`
	Username        string    `json:"username"`
	ClientSecretSet bool      `json:"clientSecretSet"`
	PasswordSet     bool      `json:"passwordSet"`
	Version         int64     `json:"version"`
	CreatedAt       time.Time `json:"createdAt"`
	UpdatedAt       time.Time `json:"updatedAt"`
	UpdatedBy       string    `json:"updatedBy"`
	Validation      *Report   `json:"validation,omitempty"`
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
