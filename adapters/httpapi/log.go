package httpapi

import (
	"crypto/rand"
	"log/slog"
	"net/http"
	"time"
)

// recorder remembers the status a handler wrote, and the cause of a 5xx
// answer, for the request log.
type recorder struct {
	http.ResponseWriter
	status int
	cause  error
	wrote  bool
}

// WriteHeader records the status.
func (rec *recorder) WriteHeader(status int) {
	if !rec.wrote {
		rec.status, rec.wrote = status, true
	}
	rec.ResponseWriter.WriteHeader(status)
}

// Write records an implicit 200.
func (rec *recorder) Write(b []byte) (int, error) {
	rec.wrote = true
	return rec.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// requestID returns the request's X-Request-Id if it is a short token of
// safe characters, or a new random one. A client's ID is only echoed after
// this check, so it cannot inject anything into headers or logs.
func requestID(r *http.Request) string {
	id := r.Header.Get("X-Request-Id")
	if id == "" || len(id) > 128 {
		return rand.Text()
	}
	for _, c := range id {
		ok := c == '-' || c == '_' || c == '.' || c == ':' ||
			'0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !ok {
			return rand.Text()
		}
	}
	return id
}

// logRequest writes the one record of a request. It names the route
// pattern rather than the path, and logs no header value and no body.
func (h *Handler) logRequest(r *http.Request, rec *recorder, id string, took time.Duration) {
	level := slog.LevelInfo
	if rec.status >= 500 {
		level = slog.LevelError
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("route", r.Pattern),
		slog.Int("status", rec.status),
		slog.Duration("duration", took),
		slog.String("org", truncate(r.PathValue("org"), 128)),
		slog.String("requestId", id),
	}
	if rec.cause != nil && rec.status >= 500 {
		// Errors of package powerbi and of the stores never hold a secret.
		attrs = append(attrs, slog.String("error", rec.cause.Error()))
	}
	h.log.LogAttrs(r.Context(), level, "http request", attrs...)
}

// truncate cuts s to at most n bytes, so a long path cannot bloat the log.
func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
