package validatetest

import (
	"encoding/json"
	"net/http"
	"time"
)

// Endpoint names one kind of request the server answers.
type Endpoint string

// The endpoints of the server.
const (
	EndpointOpenID     Endpoint = "openid-configuration"
	EndpointToken      Endpoint = "token"
	EndpointUserRealm  Endpoint = "userrealm"
	EndpointDiscovery  Endpoint = "instance-discovery"
	EndpointGroups     Endpoint = "powerbi-groups"
	EndpointDatabricks Endpoint = "databricks-me"
	EndpointUnknown    Endpoint = "unknown"
)

// Fault is a failure injected on one endpoint. The zero Fault injects
// nothing.
type Fault struct {
	// Delay holds the answer back this long, or until the client gives up.
	Delay time.Duration
	// Hang holds the answer back until the client gives up or the server
	// closes.
	Hang bool
	// Status, if not zero, answers with this status and Body instead of
	// the normal answer.
	Status int
	// Body is sent with Status. Empty means a short JSON error.
	Body string
	// Malformed answers 200 with a body that is not JSON.
	Malformed bool
}

// EntraError returns a Fault that answers with status and an Entra ID
// error body for AADSTS code: kind is the OAuth error ("invalid_request",
// "invalid_grant", "temporarily_unavailable"), description the text after
// "AADSTSnnnn: ". The body carries error_codes, a trace ID and a
// correlation ID, chosen once when EntraError is called. Use it for codes
// the server cannot reach from the registered world, such as throttling.
func EntraError(status int, kind string, code int, description string) Fault {
	b, _ := json.Marshal(entraBody(kind, code, description)) // a map of strings and ints
	return Fault{Status: status, Body: string(b)}
}

// SetFault injects f on every later request to ep until ClearFaults.
func (s *Server) SetFault(ep Endpoint, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[ep] = f
}

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.faults)
}

// fault applies the fault set on ep, if any, and reports whether it
// answered the request.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, ep Endpoint) bool {
	s.mu.Lock()
	f, ok := s.faults[ep]
	s.mu.Unlock()
	if !ok {
		return false
	}
	if f.Hang || f.Delay > 0 {
		var wait <-chan time.Time
		if !f.Hang {
			t := time.NewTimer(f.Delay)
			defer t.Stop()
			wait = t.C
		}
		select {
		case <-wait:
		case <-r.Context().Done():
			return true
		case <-s.closing:
			return true
		}
	}
	switch {
	case f.Malformed:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"token_endpoint": <html>oops`))
		return true
	case f.Status != 0:
		body := f.Body
		if body == "" {
			body = `{"error":"server_error","error_description":"injected failure"}`
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.Status)
		_, _ = w.Write([]byte(body))
		return true
	}
	return false
}
