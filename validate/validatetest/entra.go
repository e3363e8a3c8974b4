package validatetest

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// Scopes of the resources the fake Entra ID issues tokens for.
const (
	powerBIResource    = "https://analysis.windows.net/powerbi/api"
	databricksResource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"
	graphResource      = "https://graph.microsoft.com"
)

// grant is what a token the server issued stands for.
type grant struct {
	tenantID string
	subject  string // client ID for an app token, UPN for a user token
	app      bool
	resource string
	expires  time.Time
}

// tenantPattern is what Entra ID accepts as a tenant in a path.
var tenantPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.-]*$`)

// entraFail writes an Entra ID error body.
func entraFail(w http.ResponseWriter, status int, kind string, code int, desc string) {
	writeJSON(w, status, entraBody(kind, code, desc))
}

// entraBody builds an Entra ID error body with fresh trace and correlation
// IDs. The description starts with the code and ends with the trace and
// correlation lines, as Entra ID's do.
func entraBody(kind string, code int, desc string) map[string]any {
	trace, corr := newGUID(), newGUID()
	now := time.Now().UTC().Format("2006-01-02 15:04:05Z")
	return map[string]any{
		"error": kind,
		"error_description": fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s "+
			"Timestamp: %s", code, desc, trace, corr, now),
		"error_codes":    []int{code},
		"timestamp":      now,
		"trace_id":       trace,
		"correlation_id": corr,
		"error_uri":      fmt.Sprintf("https://login.microsoftonline.com/error?code=%d", code),
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// openID serves {tenant}/v2.0/.well-known/openid-configuration.
func (s *Server) openID(w http.ResponseWriter, tenant string) {
	if !tenantPattern.MatchString(tenant) {
		entraFail(w, 400, "invalid_request", 900023, fmt.Sprintf("Specified tenant identifier "+
			"'%s' is neither a valid DNS name, nor a valid external domain.", tenant))
		return
	}
	s.mu.Lock()
	t := s.tenant(tenant)
	s.mu.Unlock()
	if t == nil {
		entraFail(w, 400, "invalid_tenant", 90002, fmt.Sprintf("Tenant '%s' not found. Check "+
			"to make sure you have the correct tenant ID and are signing into the correct "+
			"cloud.", tenant))
		return
	}
	base := s.ts.URL + "/" + t.ID
	writeJSON(w, 200, map[string]any{
		"token_endpoint":                        base + "/oauth2/v2.0/token",
		"authorization_endpoint":                base + "/oauth2/v2.0/authorize",
		"device_authorization_endpoint":         base + "/oauth2/v2.0/devicecode",
		"issuer":                                base + "/v2.0",
		"jwks_uri":                              base + "/discovery/v2.0/keys",
		"token_endpoint_auth_methods_supported": []string{"client_secret_post", "private_key_jwt"},
		"response_types_supported":              []string{"code", "id_token", "code id_token"},
		"tenant_region_scope":                   "EU",
		"cloud_instance_name":                   "microsoftonline.com",
	})
}

// userRealm serves common/userrealm/{username}.
func (s *Server) userRealm(w http.ResponseWriter, username string) {
	_, domain, _ := strings.Cut(strings.ToLower(username), "@")
	s.mu.Lock()
	t := s.tenant(domain)
	s.mu.Unlock()
	if t == nil {
		writeJSON(w, 200, map[string]any{"ver": "1.0", "account_type": "Unknown",
			"cloud_instance_name": "microsoftonline.com"})
		return
	}
	writeJSON(w, 200, map[string]any{"ver": "1.0", "account_type": "Managed",
		"domain_name": domain, "cloud_instance_name": "microsoftonline.com",
		"cloud_audience_urn": "urn:federation:MicrosoftOnline"})
}

// discovery serves common/discovery/instance.
func (s *Server) discovery(w http.ResponseWriter, r *http.Request) {
	host := strings.TrimPrefix(s.ts.URL, "https://")
	auth := r.URL.Query().Get("authorization_endpoint")
	tenant, _, _ := strings.Cut(strings.TrimPrefix(auth, s.ts.URL+"/"), "/")
	if tenant == "" {
		tenant = "common"
	}
	writeJSON(w, 200, map[string]any{
		"tenant_discovery_endpoint": s.ts.URL + "/" + tenant +
			"/v2.0/.well-known/openid-configuration",
		"api-version": "1.1",
		"metadata": []map[string]any{{"preferred_network": host, "preferred_cache": host,
			"aliases": []string{host}}},
	})
}

// token serves {tenant}/oauth2/v2.0/token.
func (s *Server) token(w http.ResponseWriter, r *http.Request, tenant string) {
	s.mu.Lock()
	t := s.tenant(tenant)
	var app *App
	if t != nil {
		app = s.apps[t.ID+"/"+strings.ToLower(r.PostForm.Get("client_id"))]
	}
	s.mu.Unlock()
	switch {
	case t == nil:
		entraFail(w, 400, "invalid_tenant", 90002, fmt.Sprintf("Tenant '%s' not found.", tenant))
	case app == nil:
		entraFail(w, 400, "unauthorized_client", 700016, fmt.Sprintf("Application with "+
			"identifier '%s' was not found in the directory '%s'.",
			r.PostForm.Get("client_id"), t.ID))
	case app.Disabled:
		entraFail(w, 400, "unauthorized_client", 7000112, fmt.Sprintf("Application '%s' is "+
			"disabled.", app.ClientID))
	case r.PostForm.Get("grant_type") == "client_credentials":
		s.clientCredentials(w, r, t, app)
	case r.PostForm.Get("grant_type") == "password":
		s.password(w, r, t, app)
	default:
		entraFail(w, 400, "unsupported_grant_type", 70003,
			"The app requested an unsupported grant type.")
	}
}

// clientCredentials answers the client credentials grant.
func (s *Server) clientCredentials(w http.ResponseWriter, r *http.Request, t *Tenant, app *App) {
	sent := r.PostForm.Get("client_secret")
	if sent == "" {
		entraFail(w, 401, "invalid_client", 7000218, "The request body must contain the "+
			"following parameter: 'client_assertion' or 'client_secret'.")
		return
	}
	if code, desc := checkSecret(app, sent); code != 0 {
		entraFail(w, 401, "invalid_client", code, desc)
		return
	}
	resource, ok := s.resource(w, r.PostForm.Get("scope"), t, true)
	if !ok {
		return
	}
	s.issue(w, grant{tenantID: t.ID, subject: app.ClientID, app: true, resource: resource}, nil)
}

// checkSecret compares sent with the app's secrets in constant time.
func checkSecret(app *App, sent string) (int, string) {
	for _, sec := range app.Secrets {
		if subtle.ConstantTimeCompare([]byte(sent), []byte(sec.Value)) == 1 {
			if !sec.Expires.IsZero() && time.Now().After(sec.Expires) {
				return 7000222, fmt.Sprintf("The provided client secret keys for app '%s' "+
					"are expired. Visit the Azure portal to create new keys for your app.",
					app.ClientID)
			}
			return 0, ""
		}
	}
	return 7000215, "Invalid client secret provided. Ensure the secret being sent in the " +
		"request is the client secret value, not the client secret ID, for a secret added " +
		"to app '" + app.ClientID + "'."
}

// resource checks the requested scope and returns its resource.
func (s *Server) resource(w http.ResponseWriter, scope string, t *Tenant, app bool) (string, bool) {
	var asked []string
	for _, sc := range strings.Fields(scope) {
		switch sc {
		case "openid", "profile", "offline_access":
		default:
			asked = append(asked, sc)
		}
	}
	if len(asked) != 1 {
		entraFail(w, 400, "invalid_scope", 70011,
			"The provided request must include a 'scope' input parameter.")
		return "", false
	}
	res, ok := strings.CutSuffix(asked[0], "/.default")
	if !ok && app {
		entraFail(w, 400, "invalid_scope", 1002012, fmt.Sprintf("The provided value for scope "+
			"%s is not valid. Client credential flows must have a scope value with /.default "+
			"suffixed to the resource identifier (application ID URI).", asked[0]))
		return "", false
	}
	if !ok {
		res = asked[0][:max(0, strings.LastIndex(asked[0], "/"))]
	}
	if res != powerBIResource && res != databricksResource && res != graphResource {
		entraFail(w, 400, "invalid_resource", 500011, fmt.Sprintf("The resource principal named "+
			"%s was not found in the tenant named %s. This can happen if the application has not "+
			"been installed by the administrator of the tenant.", res, t.ID))
		return "", false
	}
	return res, true
}

// issuedToken is a token in the order of issue.
type issuedToken struct {
	token   string
	expires time.Time
}

// issue writes a token response for g; user adds the ID token fields.
func (s *Server) issue(w http.ResponseWriter, g grant, user *User) {
	tok := "fake." + randomID(24)
	s.keep(tok, &g)
	lifetime := int(tokenLifetime / time.Second)
	body := map[string]any{"token_type": "Bearer", "expires_in": lifetime,
		"ext_expires_in": lifetime, "access_token": tok}
	if user != nil {
		oid := newGUID()
		body["scope"] = g.resource + "/.default"
		body["refresh_token"] = "fake-refresh." + randomID(16)
		body["id_token"] = unsignedJWT(map[string]any{"aud": g.subject, "iss": s.ts.URL + "/" +
			g.tenantID + "/v2.0", "oid": oid, "sub": oid, "tid": g.tenantID,
			"preferred_username": user.UPN, "name": user.UPN, "ver": "2.0"})
		ci, _ := json.Marshal(map[string]string{"uid": oid, "utid": g.tenantID})
		body["client_info"] = base64.RawURLEncoding.EncodeToString(ci)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, 200, body)
}

// keep stores tok for g, which it gives its expiry, after forgetting the
// tokens that expired and, at maxTokens, the oldest one. All tokens live
// equally long, so the oldest expire first.
func (s *Server) keep(tok string, g *grant) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	g.expires = now.Add(tokenLifetime)
	n := 0
	for n < len(s.issued) && (!now.Before(s.issued[n].expires) || len(s.issued)-n >= maxTokens) {
		delete(s.tokens, s.issued[n].token)
		n++
	}
	s.issued = append(s.issued[n:], issuedToken{tok, g.expires})
	s.tokens[tok] = *g
}

// unsignedJWT builds an ID token MSAL can parse. MSAL does not check the
// signature of an ID token it received over TLS from the token endpoint.
func unsignedJWT(claims map[string]any) string {
	enc := base64.RawURLEncoding
	head, _ := json.Marshal(map[string]string{"alg": "none", "typ": "JWT"})
	body, _ := json.Marshal(claims)
	return enc.EncodeToString(head) + "." + enc.EncodeToString(body) + "."
}
