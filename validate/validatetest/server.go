package validatetest

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pbiconnect/pbiconnect/validate"
)

// Server is a fake Entra ID, Power BI REST API and Azure Databricks on one
// loopback TLS listener. MSAL talks to it as to the real Entra ID. It knows
// the tenants, apps, users and workspaces added to it, issues opaque
// random tokens that only it accepts, answers failures with Entra ID's
// error bodies and records every request with secret values redacted.
//
// A Server is safe for concurrent use. Close it when done.
type Server struct {
	ts      *httptest.Server
	closing chan struct{}
	once    sync.Once

	mu         sync.Mutex
	tenants    map[string]*Tenant // by ID
	domains    map[string]string  // domain to tenant ID
	apps       map[string]*App    // by tenant ID + "/" + client ID
	users      map[string]*User   // by lower-case UPN
	workspaces map[string]*Workspace
	tokens     map[string]grant
	issued     []issuedToken // tokens in order of issue, hence of expiry
	requests   []Request     // a ring of the last MaxRecorded requests
	oldest     int           // index of the oldest request once the ring is full
	faults     map[Endpoint]Fault
	now        func() time.Time
}

// Bounds on what a Server keeps, so that a long-running demo server does
// not grow without end.
const (
	// MaxRecorded is how many requests a Server records: the most recent
	// ones.
	MaxRecorded = 10_000
	// maxTokens is how many unexpired tokens a Server keeps; issuing one
	// more forgets the oldest, which the server then refuses.
	maxTokens = 10_000
	// tokenLifetime is how long a token works, as its expires_in says.
	tokenLifetime = time.Hour
)

// NewServer starts a Server with nothing registered.
func NewServer() *Server {
	s := &Server{
		closing:    make(chan struct{}),
		tenants:    map[string]*Tenant{},
		domains:    map[string]string{},
		apps:       map[string]*App{},
		users:      map[string]*User{},
		workspaces: map[string]*Workspace{},
		tokens:     map[string]grant{},
		faults:     map[Endpoint]Fault{},
		now:        time.Now,
	}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0) // stay silent, like the library
	s.ts.StartTLS()
	return s
}

// Close releases requests held by a Hang fault and stops the server.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closing) })
	s.ts.Close()
}

// URL is the base URL of the server, such as https://127.0.0.1:41234.
func (s *Server) URL() string { return s.ts.URL }

// Client returns an HTTP client that trusts the server's certificate.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// Cloud returns the endpoints of the server: Entra ID at its root and the
// Power BI REST API under /powerbi, with the public cloud's scopes.
func (s *Server) Cloud() validate.Cloud { return validate.CustomCloud(s.ts.URL) }

// DatabricksURL is the URL of the fake Databricks workspace.
func (s *Server) DatabricksURL() string { return s.ts.URL + "/databricks" }

// Config returns a validate.Config that talks to the server, with a
// Databricks check against its fake workspace when databricks is true.
func (s *Server) Config(databricks bool) validate.Config {
	cfg := validate.Config{Cloud: s.Cloud(), HTTPClient: s.Client(), Timeout: 5 * time.Second}
	if databricks {
		cfg.Databricks = &validate.DatabricksConfig{WorkspaceURL: s.DatabricksURL()}
	}
	return cfg
}

// Request is one request the server received. Secret form values
// (client_secret, password, client_assertion, refresh_token, code) read
// [REDACTED]; a bearer token is reported only as present.
type Request struct {
	// Method is the HTTP method, such as GET or POST.
	Method string
	// Endpoint is the endpoint the request was routed to; EndpointUnknown
	// for a path the server does not serve.
	Endpoint Endpoint
	// Path is the URL path as sent, with the tenant or user in it.
	Path string
	// Query is the parsed query string; empty, not nil, without one.
	Query url.Values
	// Form is the parsed body of a POST, with secret values redacted; nil
	// for other methods.
	Form url.Values
	// Bearer reports whether an Authorization: Bearer header was sent. The
	// token itself is never recorded.
	Bearer bool
	// At is when the server received the request.
	At time.Time
}

// secretFields are the form fields whose values are never recorded.
var secretFields = []string{
	"client_secret", "password", "client_assertion", "refresh_token", "code",
}

// Requests returns a copy of the requests received since the server
// started or ResetRequests was called, oldest first. Only the last
// MaxRecorded are kept: once more have arrived, the oldest are forgotten,
// and Count counts only what is kept.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, 0, len(s.requests))
	out = append(out, s.requests[s.oldest:]...)
	return append(out, s.requests[:s.oldest]...)
}

// Count returns how many of the recorded requests reached the given
// endpoints; with none given, how many reached any endpoint.
func (s *Server) Count(endpoints ...Endpoint) int {
	n := 0
	for _, r := range s.Requests() {
		if len(endpoints) == 0 {
			n++
			continue
		}
		for _, e := range endpoints {
			if r.Endpoint == e {
				n++
				break
			}
		}
	}
	return n
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests, s.oldest = nil, 0
}

// record keeps r with its secrets redacted.
func (s *Server) record(r *http.Request, ep Endpoint) {
	rec := Request{Method: r.Method, Endpoint: ep, Path: r.URL.Path, Query: r.URL.Query(),
		Bearer: strings.HasPrefix(r.Header.Get("Authorization"), "Bearer "), At: time.Now()}
	if r.PostForm != nil {
		rec.Form = url.Values{}
		for k, v := range r.PostForm {
			rec.Form[k] = append([]string(nil), v...)
		}
		for _, k := range secretFields {
			if rec.Form.Has(k) {
				rec.Form.Set(k, "[REDACTED]")
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.requests) < MaxRecorded {
		s.requests = append(s.requests, rec)
		return
	}
	s.requests[s.oldest] = rec
	s.oldest = (s.oldest + 1) % MaxRecorded
}

// randomID returns n random bytes in hex.
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

// newGUID returns a random GUID.
func newGUID() string {
	h := randomID(16)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
