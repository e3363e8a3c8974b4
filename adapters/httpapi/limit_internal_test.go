package httpapi

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestLimitersStayBounded checks that the limiters forget the least
// recently used organizations and principals beyond Tracked.
func TestLimitersStayBounded(t *testing.T) {
	ls := newLimiters(Limits{Tracked: 3})
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for i := range 10 {
		_, _, ok := ls.reserve(now, "org-"+strconv.Itoa(i), "user-"+strconv.Itoa(i))
		assert.True(t, ok)
	}
	assert.Equal(t, 3, ls.orgs.Len())
	assert.Equal(t, 3, ls.principals.Len())
	assert.True(t, ls.orgs.Contains("org-9"))
	assert.False(t, ls.orgs.Contains("org-0"))
}

// TestLimitersAreExactUnderLoad checks that concurrent requests never get
// more than the burst between them.
func TestLimitersAreExactUnderLoad(t *testing.T) {
	ls := newLimiters(Limits{OrgEvery: time.Hour, OrgBurst: 7, PrincipalEvery: time.Hour,
		PrincipalBurst: 100})
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	granted := 0
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Go(func() {
			if _, _, ok := ls.reserve(now, "org-a", "user-"+strconv.Itoa(i%5)); ok {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 7, granted)
}

// TestLimitsDefaults checks the documented defaults.
func TestLimitsDefaults(t *testing.T) {
	got := Limits{}.withDefaults()
	assert.Equal(t, Limits{OrgEvery: 6 * time.Second, OrgBurst: 10,
		PrincipalEvery: 12 * time.Second, PrincipalBurst: 5, Tracked: 10000}, got)
}
