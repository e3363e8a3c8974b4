package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	ownerToken  = "owner-token-0123456789"
	memberToken = "member-token-0123456789"
)

func TestAuthenticate(t *testing.T) {
	p, err := newPrincipals([]principalEntry{
		{Token: ownerToken, User: "ann", Org: "acme", Role: "owner"},
		{Token: memberToken, User: "bob", Org: "acme", Role: "member"},
	})
	require.NoError(t, err)
	tests := []struct {
		name   string
		header string
		want   powerbi.Principal
		code   powerbi.Code
	}{
		{name: "owner token gives the owner", header: "Bearer " + ownerToken,
			want: powerbi.Principal{UserID: "ann", OrgID: "acme", Role: powerbi.RoleOwner}},
		{name: "scheme is case-insensitive", header: "bearer " + memberToken,
			want: powerbi.Principal{UserID: "bob", OrgID: "acme", Role: powerbi.RoleMember}},
		{name: "missing header is unauthenticated", code: powerbi.Unauthenticated},
		{name: "basic scheme is unauthenticated", header: "Basic " + ownerToken,
			code: powerbi.Unauthenticated},
		{name: "unknown token is unauthenticated", header: "Bearer nope-nope-nope-nope",
			code: powerbi.Unauthenticated},
		{name: "empty token is unauthenticated", header: "Bearer ", code: powerbi.Unauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			got, err := p.Authenticate(r)
			assert.Equal(t, tt.code, powerbi.ErrorCode(err))
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNewPrincipalsRejects(t *testing.T) {
	ok := principalEntry{Token: ownerToken, User: "ann", Org: "acme", Role: "admin"}
	tests := []struct {
		name  string
		entry func(e *principalEntry)
	}{
		{name: "short token fails", entry: func(e *principalEntry) { e.Token = "short" }},
		{name: "token padded with spaces fails",
			entry: func(e *principalEntry) { e.Token = "  " + e.Token + "  " }},
		{name: "missing user fails", entry: func(e *principalEntry) { e.User = " " }},
		{name: "org with space fails", entry: func(e *principalEntry) { e.Org = "a b" }},
		{name: "unknown role fails", entry: func(e *principalEntry) { e.Role = "root" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ok
			tt.entry(&e)
			_, err := newPrincipals([]principalEntry{e})
			require.Error(t, err)
			assert.NotContains(t, err.Error(), e.Token, "errors never show a token")
		})
	}
	t.Run("duplicate token fails", func(t *testing.T) {
		_, err := newPrincipals([]principalEntry{ok, ok})
		require.ErrorContains(t, err, "used twice")
		assert.NotContains(t, err.Error(), ok.Token)
	})
}

func TestLoadPrincipals(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
		return path
	}
	t.Run("file of entries loads", func(t *testing.T) {
		p, err := loadPrincipals(write("ok.json",
			`[{"token":"`+ownerToken+`","user":"ann","org":"acme","role":"owner"}]`))
		require.NoError(t, err)
		assert.Equal(t, 1, p.Len())
	})
	t.Run("no path gives nobody", func(t *testing.T) {
		p, err := loadPrincipals("")
		require.NoError(t, err)
		assert.Zero(t, p.Len())
	})
	t.Run("unknown field fails", func(t *testing.T) {
		_, err := loadPrincipals(write("extra.json", `[{"token":"x","pwd":"y"}]`))
		assert.Error(t, err)
	})
	t.Run("data after the array fails", func(t *testing.T) {
		entry := `{"token":"` + ownerToken + `","user":"ann","org":"acme","role":"owner"}`
		_, err := loadPrincipals(write("two.json", "["+entry+"]\n[]"))
		assert.ErrorContains(t, err, "data after the array")
		assert.NotContains(t, err.Error(), ownerToken)
	})
	t.Run("missing file fails", func(t *testing.T) {
		_, err := loadPrincipals(filepath.Join(dir, "absent.json"))
		assert.Error(t, err)
	})
}
