package httpapi_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestUnreachableCloud checks that when Entra ID cannot be reached a write
// is answered with 503 and the report, nothing is saved, and the old
// settings stay as they were.
func TestUnreachableCloud(t *testing.T) {
	f := newFixture(t)
	f.seed(t)
	before := f.credentials(t)

	w := f.do(t, req{method: "PUT", path: base("org-a"), token: "admin-a",
		body: settings(unreachableTenant, wrongSecret, wrongPassword)})

	require.Equal(t, 503, w.Code, w.Body.String())
	assert.NotEmpty(t, w.Header().Get("Retry-After"))
	p := decode(t, w)
	assert.Equal(t, "urn:pbiconnect:problem:unavailable", p["type"])
	assert.Equal(t, "unavailable", p["report"].(map[string]any)["status"])

	after := f.credentials(t)
	assert.Equal(t, before.TenantID, after.TenantID)
	assert.True(t, before.ClientSecret.Equal(after.ClientSecret), "the client secret changed")
	assert.True(t, before.Password.Equal(after.Password), "the password changed")
	assert.Len(t, f.events(t), 1, "an unavailable write was audited as a change")

	g := f.do(t, req{method: "GET", path: base("org-a"), token: "admin-a"})
	require.Equal(t, 200, g.Code)
	assert.Equal(t, `"1"`, g.Header().Get("ETag"))
}
