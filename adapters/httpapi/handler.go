package httpapi

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// BasePath is the path of an organization's Power BI settings. The handler
// also serves BasePath+"/test", BasePath+"/history" and [OpenAPIPath].
const BasePath = "/v1/orgs/{org}/integrations/powerbi"

// MaxBodyBytes is the largest request body the handler reads. A larger one
// is answered with 413.
const MaxBodyBytes = 64 << 10

// Config configures a [Handler].
type Config struct {
	// Service does the work. Required.
	Service *powerbi.Service

	// Authenticate turns a request into the principal that made it, using
	// whatever the host trusts (a session cookie, a bearer token). An error,
	// or a principal without a UserID, is answered with 401 and no detail.
	// It is called concurrently and must not read the request body.
	// Required.
	Authenticate func(*http.Request) (powerbi.Principal, error)

	// Challenge is the WWW-Authenticate value sent with 401. If empty,
	// "Bearer" is used.
	Challenge string

	// Logger receives one record per request: method, route, status,
	// duration, org and request ID. Never a body, a header value or a
	// secret. If nil, nothing is logged.
	Logger *slog.Logger

	// Limits bounds how often live validations may run. The zero value
	// means the defaults documented on [Limits].
	Limits Limits

	// Now returns the current time, for the rate limiters. If nil,
	// time.Now is used.
	Now func() time.Time
}

// Handler serves the HTTP contract of pbiconnect. Create one with [New]. A
// Handler is safe for concurrent use.
type Handler struct {
	svc       *powerbi.Service
	auth      func(*http.Request) (powerbi.Principal, error)
	challenge string
	log       *slog.Logger
	now       func() time.Time
	limits    *limiters
	mux       *http.ServeMux
}

// New returns a Handler for cfg. It panics if cfg.Service or
// cfg.Authenticate is nil, or if cfg.Limits has a negative field.
func New(cfg Config) *Handler {
	if cfg.Service == nil || cfg.Authenticate == nil {
		panic("httpapi: New needs a Service and an Authenticate function")
	}
	h := &Handler{svc: cfg.Service, auth: cfg.Authenticate, challenge: cfg.Challenge,
		log: cfg.Logger, now: cfg.Now}
	if h.challenge == "" {
		h.challenge = "Bearer"
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.limits = newLimiters(cfg.Limits)
	h.mux = h.routes()
	return h
}

// routes builds the mux. Every path also has a method-less pattern, so
// that a wrong method gets a problem+json 405 with Allow rather than the
// mux's plain-text one.
func (h *Handler) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET "+BasePath, h.org(h.get))
	mux.Handle("PUT "+BasePath, h.org(h.put))
	mux.Handle("PATCH "+BasePath, h.org(h.patch))
	mux.Handle("DELETE "+BasePath, h.org(h.delete))
	mux.Handle(BasePath, notAllowed("GET, HEAD, PUT, PATCH, DELETE"))

	mux.Handle("POST "+BasePath+"/test", h.org(h.test))
	mux.Handle(BasePath+"/test", notAllowed("POST"))

	mux.Handle("GET "+BasePath+"/history", h.org(h.history))
	mux.Handle(BasePath+"/history", notAllowed("GET, HEAD"))

	mux.HandleFunc("GET "+OpenAPIPath, serveOpenAPI)
	mux.Handle(OpenAPIPath, notAllowed("GET, HEAD"))

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, r, &problem{Status: http.StatusNotFound, Code: "not_found",
			Detail: "no such resource"})
	})
	return mux
}

// ServeHTTP implements http.Handler. Every response carries
// Cache-Control: no-store, X-Content-Type-Options: nosniff and X-Request-Id:
// the request's own if it is at most 128 letters, digits and -_.: and a
// new random one otherwise.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	id := requestID(r)
	hdr.Set("X-Request-Id", id)

	h.mux.ServeHTTP(rec, r)

	if h.log != nil {
		h.logRequest(r, rec, id, time.Since(start))
	}
}

// org wraps an endpoint of one organization: it checks the org ID,
// authenticates the caller and lets only an owner or admin of that org
// through, before any body is read. The service checks the principal
// again; this early check keeps strangers from spending the org's
// validation budget.
func (h *Handler) org(next func(http.ResponseWriter, *http.Request, string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		orgID := r.PathValue("org")
		if !powerbi.ValidOrgID(orgID) {
			writeProblem(w, r, &problem{Status: http.StatusNotFound, Code: "not_found",
				Detail: "no such organization"})
			return
		}
		p, err := h.auth(r)
		if err != nil || p.UserID == "" {
			w.Header().Set("WWW-Authenticate", h.challenge)
			writeProblem(w, r, problemOf(powerbi.Errorf(powerbi.Unauthenticated,
				"authentication is required")))
			return
		}
		if !p.CanManage(orgID) {
			writeProblem(w, r, problemOf(powerbi.Errorf(powerbi.Forbidden,
				"only an owner or admin of the organization may do this")))
			return
		}
		next(w, r.WithContext(powerbi.NewContext(r.Context(), p)), orgID)
	})
}

// notAllowed answers 405 with the methods the path does support.
func notAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeProblem(w, r, &problem{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Detail: "this resource supports " + allow})
	})
}

var _ http.Handler = (*Handler)(nil)
