package httpapi_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/adapters/httpapi"
)

// clock is a settable time source for the limiters.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// limited returns a fixture whose org-a may run 3 validations a minute and
// each principal 2, with no refill unless the clock moves.
func limited(t *testing.T) (*fixture, *clock) {
	c := &clock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
	f := newFixture(t, func(cfg *httpapi.Config) {
		cfg.Now = c.Now
		cfg.Limits = httpapi.Limits{OrgEvery: 20 * time.Second, OrgBurst: 3,
			PrincipalEvery: 30 * time.Second, PrincipalBurst: 2}
	})
	return f, c
}

// TestRateLimits checks that live validations are bounded per principal
// and per organization, and that a refused request never reaches the
// cloud.
func TestRateLimits(t *testing.T) {
	validations := []struct {
		name string
		rq   req
	}{
		{"test", req{method: "POST", path: "/test", body: goodSettings}},
		{"put", req{method: "PUT", body: goodSettings}},
		{"patch", req{method: "PATCH", body: `{"workspaceId":"22222222-3333-4444-5555-666666666666"}`}},
	}
	for _, v := range validations {
		at := func(token string) req {
			rq := v.rq
			rq.path, rq.token = base("org-a")+rq.path, token
			return rq
		}
		t.Run(v.name+"/principal over its budget waits", func(t *testing.T) {
			f, c := limited(t)
			f.seed(t) // the seed spends one of owner-a's and one of org-a's
			for range 2 {
				require.NotEqual(t, 429, f.do(t, at("admin-a")).Code)
			}
			calls := f.cloud.calls.Load()
			w := f.do(t, at("admin-a"))
			require.Equal(t, 429, w.Code)
			assert.Equal(t, "30", w.Header().Get("Retry-After"))
			assert.Equal(t, calls, f.cloud.calls.Load(), "a limited request reached the cloud")

			c.advance(30 * time.Second)
			assert.NotEqual(t, 429, f.do(t, at("admin-a")).Code, "the budget did not refill")
		})
		t.Run(v.name+"/organization over its budget waits for every principal", func(t *testing.T) {
			f, _ := limited(t)
			f.seed(t)
			require.NotEqual(t, 429, f.do(t, at("admin-a")).Code)
			require.NotEqual(t, 429, f.do(t, at("admin-a2")).Code)
			w := f.do(t, at("owner-a"))
			require.Equal(t, 429, w.Code)
			assert.Equal(t, "20", w.Header().Get("Retry-After"))
		})
	}
}

// TestRateLimitsSpareOthers checks what does not spend a validation: reads,
// refused callers, and other organizations' traffic.
func TestRateLimitsSpareOthers(t *testing.T) {
	f, _ := limited(t)
	f.seed(t)
	for range 5 {
		require.Equal(t, 200, f.do(t, req{method: "GET", path: base("org-a"), token: "admin-a"}).Code)
		require.Equal(t, 403, f.do(t, req{method: "POST", path: base("org-a") + "/test",
			token: "admin-b", body: goodSettings}).Code)
	}
	for range 2 {
		w := f.do(t, req{method: "POST", path: base("org-b") + "/test", token: "admin-b",
			body: goodSettings})
		require.Equal(t, 200, w.Code)
	}
	w := f.do(t, req{method: "POST", path: base("org-a") + "/test", token: "admin-a",
		body: goodSettings})
	assert.Equal(t, 200, w.Code, "org-a's budget was spent by others")
}

// TestLimitsPanicOnNegative checks that a negative limit is caught early.
func TestLimitsPanicOnNegative(t *testing.T) {
	assert.PanicsWithValue(t, "httpapi: Limits fields must not be negative", func() {
		newFixture(t, func(cfg *httpapi.Config) { cfg.Limits.OrgBurst = -1 })
	})
}

// TestRateLimitRefundsRequestsThatNeverReachedTheCloud checks that a
// request refused before any live check (a static rule, nothing stored)
// does not use up the budget, while a live rejection does.
func TestRateLimitRefundsRequestsThatNeverReachedTheCloud(t *testing.T) {
	cases := []struct {
		name     string
		seeded   bool
		rq       req
		want     int
		refunded bool
	}{
		{"static rule broken on put", false,
			req{method: "PUT", body: `{"tenantId":"common"}`}, 422, true},
		{"static rule broken on test", false,
			req{method: "POST", path: "/test", body: `{"clientId":"nope"}`}, 422, true},
		{"patch of nothing stored", false,
			req{method: "PATCH", body: `{"workspaceId":"22222222-3333-4444-5555-666666666666"}`}, 404, true},
		{"live rejection is charged", true,
			req{method: "PATCH", body: `{"password":"` + wrongPassword + `"}`}, 422, false},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := limited(t)
			if tt.seeded {
				f.seed(t)
			}
			rq := tt.rq
			rq.path, rq.token = base("org-a")+rq.path, "admin-a"
			// admin-a may run 2 validations: refunded requests leave both.
			for range 2 {
				require.Equal(t, tt.want, f.do(t, rq).Code)
			}
			good := req{method: "POST", path: base("org-a") + "/test", token: "admin-a",
				body: goodSettings}
			got := f.do(t, good).Code
			if tt.refunded {
				assert.Equal(t, 200, got, "refused requests used up the budget")
			} else {
				assert.Equal(t, 429, got, "live rejections must count")
			}
		})
	}
}
