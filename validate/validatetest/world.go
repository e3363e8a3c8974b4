package validatetest

import (
	"strings"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// Tenant is an Entra ID directory the server knows.
type Tenant struct {
	// ID is the directory GUID. Empty means a random one.
	ID string
	// Domains are its verified domains, such as contoso.onmicrosoft.com.
	Domains []string
	// ServicePrincipalsBlocked turns off the Power BI tenant setting that
	// lets service principals use the REST API.
	ServicePrincipalsBlocked bool
}

// App is an app registration in a tenant.
type App struct {
	// TenantID is the tenant's GUID. Required.
	TenantID string
	// ClientID is the application (client) ID. Empty means a random one.
	ClientID string
	// Secrets are its client secrets.
	Secrets []AppSecret
	// PublicClient allows the password grant (Allow public client flows).
	PublicClient bool
	// NoConsent means nobody consented to its delegated permissions, so
	// the password grant fails with AADSTS65001.
	NoConsent bool
	// Disabled means its service principal is disabled (AADSTS7000112).
	Disabled bool
	// NoPermission means the registration lists no API permission for the
	// requested resource, so the password grant fails with AADSTS650057.
	NoPermission bool
	// DatabricksUser means it is a service principal of the Databricks
	// workspace.
	DatabricksUser bool
}

// AppSecret is one client secret. The zero Expires never expires.
type AppSecret struct {
	// ID is the secret's ID, which people paste by mistake.
	ID string
	// Value is what the app must send.
	Value string
	// Expires is when the secret stops working (AADSTS7000222). Zero
	// means never.
	Expires time.Time
}

// User is an account in a tenant. A password grant for it against another
// tenant fails with AADSTS50020.
type User struct {
	// TenantID is the GUID of the tenant the account belongs to. Required.
	TenantID string
	// UPN is the user principal name, name@domain. Its domain must be one
	// of the tenant's.
	UPN string
	// Password is what the password grant must send.
	Password string
	// The flags below make the password grant fail with the matching code.
	MFA                   bool // AADSTS50076
	MFARegistration       bool // AADSTS50079: must register for MFA first
	ExternalChallenge     bool // AADSTS50158: an external security challenge
	ConditionalAccess     bool // AADSTS53003
	Locked                bool // AADSTS50053
	Disabled              bool // AADSTS50057
	PasswordExpired       bool // AADSTS50055
	SyncedPasswordExpired bool // AADSTS50144: the on-premises AD password expired
}

// Workspace is a Power BI workspace.
type Workspace struct {
	// ID is its GUID. Empty means a random one.
	ID string
	// Name is its display name, returned by the groups endpoint. It may
	// be empty.
	Name string
	// Members are the client IDs and UPNs that can reach it.
	Members []string
}

// AddTenant registers t and returns its ID. It panics if a domain is
// already taken.
func (s *Server) AddTenant(t Tenant) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.ID == "" {
		t.ID = newGUID()
	}
	t.ID = strings.ToLower(t.ID)
	for i, d := range t.Domains {
		d = strings.ToLower(d)
		if _, taken := s.domains[d]; taken {
			panic("validatetest: domain " + d + " is already registered")
		}
		t.Domains[i] = d
		s.domains[d] = t.ID
	}
	s.tenants[t.ID] = &t
	return t.ID
}

// AddApp registers a and returns its client ID.
func (s *Server) AddApp(a App) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a.ClientID == "" {
		a.ClientID = newGUID()
	}
	a.TenantID, a.ClientID = strings.ToLower(a.TenantID), strings.ToLower(a.ClientID)
	a.Secrets = append([]AppSecret(nil), a.Secrets...)
	s.apps[a.TenantID+"/"+a.ClientID] = &a
	return a.ClientID
}

// AddUser registers u.
func (s *Server) AddUser(u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u.TenantID = strings.ToLower(u.TenantID)
	s.users[strings.ToLower(u.UPN)] = &u
}

// AddWorkspace registers w and returns its ID.
func (s *Server) AddWorkspace(w Workspace) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w.ID == "" {
		w.ID = newGUID()
	}
	w.ID = strings.ToLower(w.ID)
	w.Members = append([]string(nil), w.Members...)
	s.workspaces[w.ID] = &w
	return w.ID
}

// DemoCredentials are the values of a ready-made demo world.
type DemoCredentials struct {
	// Settings pass every check, Databricks included.
	Settings powerbi.Settings
	// SecretID is the ID of the app's secret: pasting it as the client
	// secret shows the most common mistake.
	SecretID string
	// OtherWorkspaceID is a workspace that is not shared with the app.
	OtherWorkspaceID string
}

// AddDemo registers a demo tenant (contoso-demo.onmicrosoft.com) with an
// app, a master user and a shared workspace, and returns settings that pass.
// Each call makes a new tenant with fresh random secrets.
func (s *Server) AddDemo() DemoCredentials {
	domain := "demo-" + randomID(4) + ".onmicrosoft.com"
	tenant := s.AddTenant(Tenant{Domains: []string{domain}})
	secret := AppSecret{ID: newGUID(), Value: "demo~" + randomID(16)}
	client := s.AddApp(App{TenantID: tenant, Secrets: []AppSecret{secret},
		PublicClient: true, DatabricksUser: true})
	user := "powerbi.master@" + domain
	password := "Demo-" + randomID(8)
	s.AddUser(User{TenantID: tenant, UPN: user, Password: password})
	ws := s.AddWorkspace(Workspace{Name: "Sales dashboards", Members: []string{client, user}})
	other := s.AddWorkspace(Workspace{Name: "Finance (not shared)"})
	return DemoCredentials{
		Settings: powerbi.Settings{TenantID: tenant, ClientID: client,
			ClientSecret: powerbi.NewSecret(secret.Value), Scope: powerbi.DefaultScope,
			WorkspaceID: ws, Username: user, Password: powerbi.NewSecret(password)},
		SecretID:         secret.ID,
		OtherWorkspaceID: other,
	}
}

// tenant resolves a GUID or domain to a tenant. Call with s.mu held.
func (s *Server) tenant(idOrDomain string) *Tenant {
	id := strings.ToLower(idOrDomain)
	if t, ok := s.tenants[id]; ok {
		return t
	}
	if tid, ok := s.domains[id]; ok {
		return s.tenants[tid]
	}
	return nil
}
