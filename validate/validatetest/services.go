package validatetest

import (
	"net/http"
	"regexp"
	"strings"
)

// filterID reads the workspace ID out of $filter=id eq '...'.
var filterID = regexp.MustCompile(`^id eq '([0-9A-Fa-f-]{36})'$`)

// bearer returns the grant of the request's token, if the server issued it
// for resource and it has not expired.
func (s *Server) bearer(r *http.Request, resource string) (grant, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return grant{}, false
	}
	s.mu.Lock()
	g, ok := s.tokens[tok]
	now := s.now()
	s.mu.Unlock()
	return g, ok && g.resource == resource && now.Before(g.expires)
}

// powerBIFail writes a Power BI error body with a request ID.
func powerBIFail(w http.ResponseWriter, status int, code, detail string) {
	w.Header().Set("RequestId", newGUID())
	body := map[string]any{"code": code, "pbi.error": map[string]any{"code": code,
		"parameters": map[string]any{}, "details": []any{}, "exceptionCulprit": 1}}
	if detail != "" {
		body["pbi.error"].(map[string]any)["details"] = []any{map[string]any{"message": detail}}
	}
	writeJSON(w, status, map[string]any{"error": body})
}

// groups serves GET /powerbi/v1.0/myorg/groups?$filter=id eq '...'.
func (s *Server) groups(w http.ResponseWriter, r *http.Request) {
	g, ok := s.bearer(r, powerBIResource)
	if !ok {
		powerBIFail(w, http.StatusForbidden, "PowerBINotAuthorizedException", "")
		return
	}
	s.mu.Lock()
	t := s.tenants[g.tenantID]
	blocked := g.app && t != nil && t.ServicePrincipalsBlocked
	var found []map[string]any
	if m := filterID.FindStringSubmatch(r.URL.Query().Get("$filter")); m != nil {
		if ws, ok := s.workspaces[strings.ToLower(m[1])]; ok && member(ws, g.subject) {
			found = append(found, map[string]any{"id": ws.ID, "name": ws.Name,
				"isReadOnly": false, "isOnDedicatedCapacity": false, "type": "Workspace"})
		}
	}
	s.mu.Unlock()
	if blocked {
		powerBIFail(w, http.StatusUnauthorized, "PowerBINotAuthorizedException",
			"ServicePrincipalIsNotAllowedByTenantAdminSwitch")
		return
	}
	if found == nil {
		found = []map[string]any{}
	}
	w.Header().Set("RequestId", newGUID())
	writeJSON(w, 200, map[string]any{
		"@odata.context": s.ts.URL + "/powerbi/v1.0/myorg/$metadata#groups",
		"@odata.count":   len(found),
		"value":          found,
	})
}

func member(ws *Workspace, subject string) bool {
	for _, m := range ws.Members {
		if strings.EqualFold(m, subject) {
			return true
		}
	}
	return false
}

// databricksMe serves GET /databricks/api/2.0/preview/scim/v2/Me.
func (s *Server) databricksMe(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Request-Id", newGUID())
	g, ok := s.bearer(r, databricksResource)
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error_code": "401",
			"message": "Unauthorized: invalid or expired access token."})
		return
	}
	s.mu.Lock()
	var user bool
	for _, a := range s.apps {
		if a.TenantID == g.tenantID && a.ClientID == g.subject {
			user = a.DatabricksUser
		}
	}
	s.mu.Unlock()
	if !user {
		writeJSON(w, http.StatusForbidden, map[string]any{"error_code": "PERMISSION_DENIED",
			"message": "Service principal " + g.subject + " is not a member of this workspace."})
		return
	}
	writeJSON(w, 200, map[string]any{"id": randomID(8), "userName": g.subject,
		"displayName": g.subject, "active": true,
		"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User"}})
}
