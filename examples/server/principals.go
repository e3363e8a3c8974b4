package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// minTokenLen is the shortest bearer token accepted in a principals file, so
// that nobody configures a guessable one by accident.
const minTokenLen = 16

// principalEntry is one element of the principals file.
type principalEntry struct {
	Token string `json:"token"`
	User  string `json:"user"`
	Org   string `json:"org"`
	Role  string `json:"role"`
}

// principals authenticates bearer tokens. Tokens are kept only as SHA-256
// digests, so the map is never keyed by a credential. It is read-only after
// construction and safe for concurrent use.
type principals struct {
	byDigest map[[sha256.Size]byte]powerbi.Principal
}

// readPrincipals reads a principals file: a JSON array of entries.
func readPrincipals(path string) ([]principalEntry, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read principals: %w", err)
	}
	var entries []principalEntry
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("parse principals %s: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("parse principals %s: data after the array", path)
	}
	return entries, nil
}

// loadPrincipals reads the principals file at path; an empty path gives
// none.
func loadPrincipals(path string) (*principals, error) {
	if path == "" {
		return newPrincipals(nil)
	}
	entries, err := readPrincipals(path)
	if err != nil {
		return nil, err
	}
	return newPrincipals(entries)
}

// newPrincipals checks the entries and indexes them. Errors name the entry
// by position and user, never by token.
func newPrincipals(entries []principalEntry) (*principals, error) {
	p := &principals{byDigest: make(map[[sha256.Size]byte]powerbi.Principal, len(entries))}
	for i, e := range entries {
		if err := p.add(e); err != nil {
			return nil, fmt.Errorf("principal %d (%q): %w", i, e.User, err)
		}
	}
	return p, nil
}

// add registers one more principal. It must not be called once requests
// are being served.
func (p *principals) add(e principalEntry) error {
	if err := checkEntry(e); err != nil {
		return err
	}
	d := sha256.Sum256([]byte(e.Token))
	if _, dup := p.byDigest[d]; dup {
		return errors.New("token is used twice")
	}
	p.byDigest[d] = powerbi.Principal{UserID: e.User, OrgID: e.Org, Role: powerbi.Role(e.Role)}
	return nil
}

func checkEntry(e principalEntry) error {
	switch {
	case len(e.Token) < minTokenLen:
		return fmt.Errorf("token must be at least %d characters", minTokenLen)
	case strings.ContainsAny(e.Token, " \t\r\n"):
		return errors.New("token must not contain white space")
	case strings.TrimSpace(e.User) == "":
		return errors.New("user is required")
	case !powerbi.ValidOrgID(e.Org):
		return errors.New("org is missing or invalid")
	case !powerbi.Role(e.Role).Valid():
		return fmt.Errorf("role must be owner, admin or member")
	}
	return nil
}

// Len returns how many principals are known.
func (p *principals) Len() int { return len(p.byDigest) }

// Authenticate returns the principal of the request's bearer token. It
// fails with code Unauthenticated when the header is missing, malformed or
// carries an unknown token.
func (p *principals) Authenticate(r *http.Request) (powerbi.Principal, error) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return powerbi.Principal{}, powerbi.Errorf(powerbi.Unauthenticated, "missing bearer token")
	}
	who, ok := p.byDigest[sha256.Sum256([]byte(strings.TrimSpace(token)))]
	if !ok {
		return powerbi.Principal{}, powerbi.Errorf(powerbi.Unauthenticated, "unknown bearer token")
	}
	return who, nil
}
