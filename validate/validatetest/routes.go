package validatetest

import (
	"net/http"
	"strings"
)

// maxForm bounds a token request body.
const maxForm = 64 << 10

// serve routes a request to its endpoint after recording it and applying
// any injected fault.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	ep, tenant, rest := route(r)
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxForm)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
	}
	s.record(r, ep)
	if s.fault(w, r, ep) {
		return
	}
	switch ep {
	case EndpointOpenID:
		s.openID(w, tenant)
	case EndpointToken:
		s.token(w, r, tenant)
	case EndpointUserRealm:
		s.userRealm(w, rest)
	case EndpointDiscovery:
		s.discovery(w, r)
	case EndpointGroups:
		s.groups(w, r)
	case EndpointDatabricks:
		s.databricksMe(w, r)
	default:
		http.NotFound(w, r)
	}
}

// route names the endpoint of r, with the tenant or user in its path.
func route(r *http.Request) (ep Endpoint, tenant, rest string) {
	p := r.URL.Path
	lower := strings.ToLower(p)
	switch {
	case r.Method == http.MethodGet && lower == "/common/discovery/instance":
		return EndpointDiscovery, "", ""
	case r.Method == http.MethodGet && strings.HasPrefix(lower, "/common/userrealm/"):
		return EndpointUserRealm, "", p[len("/common/userrealm/"):]
	case r.Method == http.MethodGet && p == "/powerbi/v1.0/myorg/groups":
		return EndpointGroups, "", ""
	case r.Method == http.MethodGet && p == "/databricks/api/2.0/preview/scim/v2/Me":
		return EndpointDatabricks, "", ""
	}
	tenant, rest, _ = strings.Cut(strings.TrimPrefix(p, "/"), "/")
	switch {
	case r.Method == http.MethodGet && rest == "v2.0/.well-known/openid-configuration":
		return EndpointOpenID, tenant, ""
	case r.Method == http.MethodPost && rest == "oauth2/v2.0/token":
		return EndpointToken, tenant, ""
	}
	return EndpointUnknown, "", ""
}
