package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAuthorization runs every operation as every kind of caller. Only an
// owner or admin of org-a gets through; the others are stopped before the
// body is read or the cloud is asked.
func TestAuthorization(t *testing.T) {
	ops := []struct {
		name string
		rq   req
		ok   int
	}{
		{"get", req{method: "GET"}, 200},
		{"put", req{method: "PUT", body: goodSettings}, 200},
		{"patch", req{method: "PATCH", body: `{"workspaceId":"22222222-3333-4444-5555-666666666666"}`}, 200},
		{"test", req{method: "POST", path: "/test", body: `{}`}, 200},
		{"delete", req{method: "DELETE"}, 204},
		{"history", req{method: "GET", path: "/history"}, 200},
	}
	callers := []struct {
		name, token string
		want        int // 0: the operation's success status
	}{
		{"anonymous is unauthenticated", "", 401},
		{"bad token is unauthenticated", "forged", 401},
		{"member is forbidden", "member-a", 403},
		{"admin of another org is forbidden", "admin-b", 403},
		{"admin succeeds", "admin-a", 0},
		{"owner succeeds", "owner-a", 0},
	}
	for _, op := range ops {
		for _, c := range callers {
			t.Run(op.name+"/"+c.name, func(t *testing.T) {
				f := newFixture(t)
				f.seed(t)
				calls := f.cloud.calls.Load()
				rq := op.rq
				rq.path, rq.token = base("org-a")+rq.path, c.token
				w := f.do(t, rq)

				want := c.want
				if want == 0 {
					want = op.ok
				}
				require.Equal(t, want, w.Code, w.Body.String())
				if want == http.StatusUnauthorized {
					assert.Equal(t, "Bearer", w.Header().Get("WWW-Authenticate"))
					assert.Equal(t, "authentication is required", decode(t, w)["detail"])
				}
				if want >= 400 {
					assert.Equal(t, calls, f.cloud.calls.Load(), "a refused caller reached the cloud")
					assert.Equal(t, goodSecret, f.credentials(t).ClientSecret.Reveal())
				}
			})
		}
	}
}
