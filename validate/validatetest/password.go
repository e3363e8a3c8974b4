package validatetest

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
)

// password answers the resource owner password grant, checking the user's
// state in the order Entra ID reports it.
func (s *Server) password(w http.ResponseWriter, r *http.Request, t *Tenant, app *App) {
	if r.PostForm.Get("client_secret") == "" && !app.PublicClient {
		entraFail(w, 401, "invalid_client", 7000218, "The request body must contain the "+
			"following parameter: 'client_assertion' or 'client_secret'.")
		return
	}
	name := r.PostForm.Get("username")
	s.mu.Lock()
	u := s.users[strings.ToLower(name)]
	s.mu.Unlock()
	if u == nil {
		entraFail(w, 400, "invalid_grant", 50034, fmt.Sprintf("The user account {EUII Hidden} "+
			"does not exist in the %s directory. To sign into this application, the account must "+
			"be added to the directory.", t.ID))
		return
	}
	if u.TenantID != t.ID {
		entraFail(w, 400, "invalid_grant", 50020, fmt.Sprintf("User account '{EUII Hidden}' "+
			"from identity provider '%s/%s/' does not exist in tenant '%s' and cannot access the "+
			"application '%s' in that tenant.", s.ts.URL, u.TenantID, t.ID, app.ClientID))
		return
	}
	if code, desc := userState(u, r.PostForm.Get("password")); code != 0 {
		entraFail(w, 400, "invalid_grant", code, desc)
		return
	}
	if app.NoPermission {
		entraFail(w, 400, "invalid_client", 650057, fmt.Sprintf("Invalid resource. The client "+
			"has requested access to a resource which is not listed in the requested permissions "+
			"in the client's application registration. Client app ID: %s.", app.ClientID))
		return
	}
	if app.NoConsent {
		entraFail(w, 400, "invalid_grant", 65001, fmt.Sprintf("The user or administrator has not "+
			"consented to use the application with ID '%s'. Send an interactive authorization "+
			"request for this user and resource.", app.ClientID))
		return
	}
	resource, ok := s.resource(w, r.PostForm.Get("scope"), t, false)
	if !ok {
		return
	}
	s.issue(w, grant{tenantID: t.ID, subject: u.UPN, resource: resource}, u)
}

// userState returns the code that stops u from signing in with password.
func userState(u *User, password string) (int, string) {
	switch {
	case u.Disabled:
		return 50057, "The user account is disabled."
	case u.Locked:
		return 50053, "The account is locked, you've tried to sign in too many times with an " +
			"incorrect user ID or password."
	case subtle.ConstantTimeCompare([]byte(password), []byte(u.Password)) != 1:
		return 50126, "Error validating credentials due to invalid username or password."
	case u.PasswordExpired:
		return 50055, "The password is expired."
	case u.SyncedPasswordExpired:
		return 50144, "The user's Active Directory password has expired."
	case u.ConditionalAccess:
		return 53003, "Access has been blocked by Conditional Access policies. The access " +
			"policy does not allow token issuance."
	case u.MFARegistration:
		return 50079, "Due to a configuration change made by your administrator, or because " +
			"you moved to a new location, you must enroll in multi-factor authentication to " +
			"access the resource."
	case u.ExternalChallenge:
		return 50158, "External security challenge not satisfied. User will be redirected to " +
			"another page or authentication provider to satisfy additional authentication " +
			"challenges."
	case u.MFA:
		return 50076, "Due to a configuration change made by your administrator, or because " +
			"you moved to a new location, you must use multi-factor authentication to access " +
			"the resource."
	}
	return 0, ""
}
