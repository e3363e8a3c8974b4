package httpapi

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
	"golang.org/x/time/rate"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// Limits bounds how often live validations (PUT, PATCH and POST test) may
// run. Each one checks credentials against Entra ID, so without a bound the
// endpoint would let anyone with an admin account guess passwords. Every
// request must pass both the limit of its organization and that of its
// principal; otherwise it is answered with 429 and Retry-After. A request
// the service refuses before any live check runs (a broken static rule, or
// nothing stored to patch) gets its validation back.
//
// A zero field means its default. New panics on a negative field.
type Limits struct {
	// OrgEvery is the time in which one more validation of an organization
	// is allowed. If zero, 6 seconds (10 a minute).
	OrgEvery time.Duration
	// OrgBurst is how many validations of an organization may run back to
	// back. If zero, 10.
	OrgBurst int
	// PrincipalEvery is the time in which a principal earns one more
	// validation. If zero, 12 seconds (5 a minute).
	PrincipalEvery time.Duration
	// PrincipalBurst is how many validations a principal may run back to
	// back. If zero, 5.
	PrincipalBurst int
	// Tracked is how many organizations, and how many principals, have a
	// limiter in memory; the least recently used is forgotten first. If
	// zero, 10000.
	Tracked int
}

// BUG(pbiconnect): The rate limits are kept in memory by each Handler, so a
// host that runs several replicas allows each one the full budget. A host
// that needs one budget across replicas must limit in front of the handler.

// withDefaults returns l with every zero field set to its default.
func (l Limits) withDefaults() Limits {
	if l.OrgEvery < 0 || l.OrgBurst < 0 || l.PrincipalEvery < 0 || l.PrincipalBurst < 0 ||
		l.Tracked < 0 {
		panic("httpapi: Limits fields must not be negative")
	}
	l.OrgEvery = cmpOr(l.OrgEvery, 6*time.Second)
	l.OrgBurst = cmpOr(l.OrgBurst, 10)
	l.PrincipalEvery = cmpOr(l.PrincipalEvery, 12*time.Second)
	l.PrincipalBurst = cmpOr(l.PrincipalBurst, 5)
	l.Tracked = cmpOr(l.Tracked, 10000)
	return l
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// limiters holds one token bucket per organization and per principal, in
// LRU caches so that memory stays bounded. Forgetting a bucket refills it;
// only callers who already passed authorization create buckets, so an
// attacker cannot flush other organizations' buckets without being their
// admin.
type limiters struct {
	cfg        Limits
	mu         sync.Mutex
	orgs       *simplelru.LRU[string, *rate.Limiter]
	principals *simplelru.LRU[string, *rate.Limiter]
}

func newLimiters(l Limits) *limiters {
	l = l.withDefaults()
	orgs, err := simplelru.NewLRU[string, *rate.Limiter](l.Tracked, nil)
	if err != nil {
		panic("httpapi: " + err.Error())
	}
	principals, err := simplelru.NewLRU[string, *rate.Limiter](l.Tracked, nil)
	if err != nil {
		panic("httpapi: " + err.Error())
	}
	return &limiters{cfg: l, orgs: orgs, principals: principals}
}

// reserve takes one token from the bucket of orgID and one from that of
// userID at now, and returns a function that gives both back. If either
// bucket is empty it takes none and returns how long until both would have
// one.
func (ls *limiters) reserve(now time.Time, orgID, userID string) (func(time.Time), time.Duration, bool) {
	ls.mu.Lock()
	org := bucket(ls.orgs, orgID, ls.cfg.OrgEvery, ls.cfg.OrgBurst)
	user := bucket(ls.principals, userID, ls.cfg.PrincipalEvery, ls.cfg.PrincipalBurst)
	ls.mu.Unlock()

	ro, ru := org.ReserveN(now, 1), user.ReserveN(now, 1)
	giveBack := func(at time.Time) {
		ro.CancelAt(at)
		ru.CancelAt(at)
	}
	wait := max(ro.DelayFrom(now), ru.DelayFrom(now))
	if wait == 0 {
		return giveBack, 0, true
	}
	giveBack(now)
	return nil, wait, false
}

// bucket returns the limiter of key in cache, creating it if needed. The
// caller holds the lock.
func bucket(cache *simplelru.LRU[string, *rate.Limiter], key string, every time.Duration,
	burst int) *rate.Limiter {
	if l, ok := cache.Get(key); ok {
		return l
	}
	l := rate.NewLimiter(rate.Every(every), burst)
	cache.Add(key, l)
	return l
}

// allow spends a validation of the request's organization and principal,
// or answers 429 with Retry-After in whole seconds and reports false. The
// caller passes the service's error to settle: a request that the service
// refused before any live check ran (a broken static rule, nothing stored)
// gets its validation back, so that a typo does not use up the budget.
func (h *Handler) allow(w http.ResponseWriter, r *http.Request, orgID string) (settle func(error), ok bool) {
	p, _ := powerbi.FromContext(r.Context())
	giveBack, wait, ok := h.limits.reserve(h.now(), orgID, p.UserID)
	if ok {
		return func(err error) {
			if code := powerbi.ErrorCode(err); code == powerbi.Invalid || code == powerbi.NotFound {
				giveBack(h.now())
			}
		}, true
	}
	secs := max(1, int64(math.Ceil(wait.Seconds())))
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	writeProblem(w, r, &problem{Status: http.StatusTooManyRequests, Code: "rate_limited",
		Detail: "too many validations; try again in " + strconv.FormatInt(secs, 10) + " seconds"})
	return nil, false
}
