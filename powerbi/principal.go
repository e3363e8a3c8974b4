package powerbi

import "context"

// Role is what a principal may do within its organization.
type Role string

// The roles a host may assign. Only [RoleOwner] and [RoleAdmin] may see or
// change an organization's Power BI settings.
const (
	RoleOwner  Role = "owner"
	RoleAdmin  Role = "admin"
	RoleMember Role = "member"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleOwner, RoleAdmin, RoleMember:
		return true
	}
	return false
}

// Principal is the authenticated caller of a [Service] method, as the host
// application established it. The library never authenticates anyone itself.
type Principal struct {
	// UserID identifies the caller in audit events. It must not be empty.
	UserID string
	// OrgID is the organization the caller acts for.
	OrgID string
	// Role is the caller's role in OrgID.
	Role Role
}

// CanManage reports whether p may read and change the settings of orgID:
// only an owner or admin of that same organization can.
func (p Principal) CanManage(orgID string) bool {
	if p.UserID == "" || p.OrgID == "" || p.OrgID != orgID {
		return false
	}
	return p.Role == RoleOwner || p.Role == RoleAdmin
}

type principalKey struct{}

// NewContext returns a copy of ctx that carries p.
func NewContext(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal carried by ctx, if any.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
