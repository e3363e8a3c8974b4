package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/store/filestore"
	"github.com/pbiconnect/pbiconnect/store/memstore"
	"github.com/pbiconnect/pbiconnect/store/sqlstore"
)

// openedStore is a store with what closes it and a description for the
// startup log line that holds no password.
type openedStore struct {
	powerbi.Store
	io.Closer
	where string
}

type nopCloser struct{}

func (nopCloser) Close() error { return nil }

// openStore opens the store that spec names: memory:, file:DIR, sqlite:PATH,
// postgres://..., postgresql://... or mysql://...
func openStore(ctx context.Context, spec string, log *slog.Logger) (*openedStore, error) {
	scheme, rest, _ := strings.Cut(spec, ":")
	switch strings.ToLower(scheme) {
	case "memory":
		if rest != "" {
			return nil, fmt.Errorf("store %q: memory: takes no path", spec)
		}
		return &openedStore{memstore.New(), nopCloser{}, "memory (lost on exit)"}, nil
	case "file":
		if rest == "" {
			return nil, fmt.Errorf("store %q: file: needs a directory", spec)
		}
		s, err := filestore.Open(rest, filestore.Config{Logger: log})
		if err != nil {
			return nil, fmt.Errorf("open file store: %w", err)
		}
		return &openedStore{s, s, "directory " + absPath(rest)}, nil
	case "sqlite":
		if rest == "" {
			return nil, fmt.Errorf("store %q: sqlite: needs a file path", spec)
		}
		path, _, _ := strings.Cut(strings.TrimPrefix(rest, "//"), "?")
		return openSQL(ctx, spec, "SQLite database "+absPath(path), log)
	case "postgres", "postgresql", "mysql":
		return openSQL(ctx, spec, redactURL(spec), log)
	}
	return nil, fmt.Errorf("store %q: want sqlite:PATH, file:DIR, memory:, postgres:// or mysql://",
		redactURL(spec))
}

func openSQL(ctx context.Context, spec, where string, log *slog.Logger) (*openedStore, error) {
	s, err := sqlstore.Open(ctx, spec, sqlstore.Config{Logger: log})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", where, err)
	}
	return &openedStore{s, s, where}, nil
}

// redactURL hides the password of a database URL.
func redactURL(spec string) string {
	u, err := url.Parse(spec)
	if err != nil {
		return "(unparsable store URL)"
	}
	return u.Redacted()
}

// absPath makes a path absolute for the startup line, so that nobody has to
// guess which working directory it was relative to.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
