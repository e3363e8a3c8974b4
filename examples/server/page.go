package main

import (
	"embed"
	"encoding/json"
	"io/fs"
	"net/http"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

//go:embed web
var webFiles embed.FS

// pageSecurity is the Content-Security-Policy of the settings page: its own
// script and style only, requests only to this server, no framing.
const pageSecurity = "default-src 'none'; script-src 'self'; style-src 'self'; " +
	"connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; " +
	"frame-ancestors 'none'"

// pageHandler serves the settings page at / and its assets under /static/.
func pageHandler() http.Handler {
	static, err := fs.Sub(webFiles, "web")
	if err != nil {
		panic("server: embedded page missing: " + err.Error())
	}
	index, err := fs.ReadFile(static, "index.html")
	if err != nil {
		panic("server: embedded page missing: " + err.Error())
	}
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(index)
	})
	return pageHeaders(mux)
}

// pageHeaders adds the headers every page response carries. The token may
// arrive in the page's address, so no Referer may leave it.
func pageHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", pageSecurity)
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

// whoami tells the page who its token belongs to, so it knows which
// organization to show. It answers 401 for an unknown token.
func whoami(auth func(*http.Request) (powerbi.Principal, error)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		p, err := auth(r)
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="pbiconnect"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{
			"user": p.UserID, "org": p.OrgID, "role": string(p.Role)})
	})
}
