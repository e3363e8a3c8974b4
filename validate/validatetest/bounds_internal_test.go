package validatetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// issueFor issues an app token for Power BI and returns it with the
// lifetime it advertised.
func issueFor(t *testing.T, s *Server) (string, time.Duration) {
	t.Helper()
	w := httptest.NewRecorder()
	s.issue(w, grant{tenantID: "t", subject: "app", app: true, resource: powerBIResource}, nil)
	var body struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body))
	return body.AccessToken, time.Duration(body.ExpiresIn) * time.Second
}

// withBearer returns a request that carries tok.
func withBearer(tok string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/powerbi/v1.0/myorg/groups", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

func TestTokensExpireAsAdvertisedAndArePruned(t *testing.T) {
	s := NewServer()
	t.Cleanup(s.Close)
	c := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	s.now = c.now
	old, lifetime := issueFor(t, s)
	issueFor(t, s)

	c.advance(lifetime - time.Second)
	_, live := s.bearer(withBearer(old), powerBIResource)
	c.advance(time.Second)
	_, expired := s.bearer(withBearer(old), powerBIResource)
	fresh, _ := issueFor(t, s)

	assert.True(t, live, "a token works until its expires_in has passed")
	assert.False(t, expired, "a token stops working when its expires_in has passed")
	s.mu.Lock()
	defer s.mu.Unlock()
	assert.Equal(t, 1, len(s.tokens), "issuing forgets the expired tokens")
	assert.Contains(t, s.tokens, fresh)
}

func TestLiveTokensAreBounded(t *testing.T) {
	s := NewServer()
	t.Cleanup(s.Close)
	first, _ := issueFor(t, s)
	for range maxTokens {
		issueFor(t, s)
	}

	_, ok := s.bearer(withBearer(first), powerBIResource)

	assert.False(t, ok, "the oldest token is forgotten at the bound")
	s.mu.Lock()
	defer s.mu.Unlock()
	assert.Equal(t, maxTokens, len(s.tokens))
	assert.Equal(t, maxTokens, len(s.issued))
}

func TestRequestsKeepTheLatest(t *testing.T) {
	tests := []struct {
		name      string
		sent      int
		wantFirst int
	}{
		{"fewer than the bound are all kept", 3, 0},
		{"exactly the bound are all kept", MaxRecorded, 0},
		{"beyond the bound the oldest are forgotten", MaxRecorded + 5, 5},
		{"twice around the ring keeps the latest", 2*MaxRecorded + 7, MaxRecorded + 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewServer()
			t.Cleanup(s.Close)
			for i := range tt.sent {
				s.record(httptest.NewRequest(http.MethodGet, fmt.Sprintf("/r/%d", i), nil),
					EndpointUnknown)
			}

			got := s.Requests()

			require.Equal(t, tt.sent-tt.wantFirst, len(got))
			for i, r := range got {
				if r.Path != fmt.Sprintf("/r/%d", tt.wantFirst+i) {
					t.Fatalf("request %d is %s, want /r/%d in order", i, r.Path, tt.wantFirst+i)
				}
			}
			assert.Equal(t, len(got), s.Count())
		})
	}
}

func TestResetRequestsEmptiesTheRing(t *testing.T) {
	s := NewServer()
	t.Cleanup(s.Close)
	for i := range MaxRecorded + 3 {
		s.record(httptest.NewRequest(http.MethodGet, fmt.Sprintf("/r/%d", i), nil), EndpointUnknown)
	}

	s.ResetRequests()
	s.record(httptest.NewRequest(http.MethodGet, "/after", nil), EndpointUnknown)

	got := s.Requests()
	require.Len(t, got, 1)
	assert.Equal(t, "/after", got[0].Path)
}
