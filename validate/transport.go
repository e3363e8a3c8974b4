package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
)

// Limits on what the validator reads and keeps.
const (
	maxBody      = 1 << 20  // bytes of any answer read
	maxMetaBody  = 64 << 10 // bytes of a metadata answer cached
	metaEntries  = 256      // metadata answers cached per Validator
	metaLifetime = time.Hour
)

// errBodyTooLarge ends a read of an answer longer than maxBody.
var errBodyTooLarge = errors.New("response body too large")

// defaultHTTPClient returns the client used when Config.HTTPClient is nil:
// http.DefaultTransport's settings (proxy from the environment, system
// roots) with bounded dial, handshake and header waits.
func defaultHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	t.DialContext = dialer.DialContext
	t.TLSHandshakeTimeout = 10 * time.Second
	t.ResponseHeaderTimeout = 20 * time.Second
	t.MaxIdleConnsPerHost = 4
	return &http.Client{Transport: t, Timeout: 60 * time.Second}
}

// noRedirect keeps a client from following redirects: a token request must
// never be resent, form and all, to a host the validator did not choose.
func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// doer is the HTTP client MSAL and the REST checks use. It bounds every
// answer and serves Entra ID's credential-independent metadata (OpenID
// configuration, user realm, instance discovery) from a bounded cache. It
// is safe for concurrent use.
type doer struct {
	client *http.Client
	cache  *lru.Cache[string, metaEntry]
	now    func() time.Time

	mu       sync.Mutex
	inflight map[string]*metaCall
}

// metaEntry is one cached metadata answer.
type metaEntry struct {
	body    []byte
	expires time.Time
}

// metaCall is a metadata fetch that concurrent callers share.
type metaCall struct {
	done chan struct{}
	body []byte
	ok   bool
}

func newDoer(c *http.Client) *doer {
	copied := *c
	copied.CheckRedirect = noRedirect
	cache, err := lru.New[string, metaEntry](metaEntries)
	if err != nil {
		panic("validate: " + err.Error())
	}
	return &doer{client: &copied, cache: cache, now: time.Now, inflight: map[string]*metaCall{}}
}

// CloseIdleConnections implements MSAL's HTTP client interface.
func (d *doer) CloseIdleConnections() { d.client.CloseIdleConnections() }

// Do sends req, answering metadata requests from the cache when it can.
func (d *doer) Do(req *http.Request) (*http.Response, error) {
	if !isMetadata(req) {
		return d.send(req)
	}
	key := req.URL.String()
	if e, ok := d.cache.Get(key); ok && d.now().Before(e.expires) {
		return cachedResponse(req, e.body), nil
	}
	return d.fetchShared(req, key)
}

// fetchShared fetches a metadata answer once for all concurrent callers.
func (d *doer) fetchShared(req *http.Request, key string) (*http.Response, error) {
	d.mu.Lock()
	if c, ok := d.inflight[key]; ok {
		d.mu.Unlock()
		select {
		case <-c.done:
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
		if c.ok {
			return cachedResponse(req, c.body), nil
		}
		return d.send(req) // the shared fetch failed: try on our own
	}
	c := &metaCall{done: make(chan struct{})}
	d.inflight[key] = c
	d.mu.Unlock()

	resp, err := d.send(req)
	if err == nil && resp.StatusCode == http.StatusOK {
		resp, err = d.keep(resp, key, c)
	}
	d.mu.Lock()
	delete(d.inflight, key)
	d.mu.Unlock()
	close(c.done)
	return resp, err
}

// keep reads a metadata answer into memory and caches it if it is small.
func (d *doer) keep(resp *http.Response, key string, c *metaCall) (*http.Response, error) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if len(body) <= maxMetaBody && usableMetadata(key, body) {
		c.body, c.ok = body, true
		d.cache.Add(key, metaEntry{body: body, expires: d.now().Add(metaLifetime)})
	}
	return resp, nil
}

// send does the round trip and bounds the body.
func (d *doer) send(req *http.Request) (*http.Response, error) {
	resp, err := d.client.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{rc: resp.Body, left: maxBody}
	return resp, nil
}

// isMetadata reports whether req asks for metadata that depends on no
// credential: a GET of an OpenID configuration, a user realm or instance
// discovery.
func isMetadata(req *http.Request) bool {
	if req.Method != http.MethodGet {
		return false
	}
	p := strings.ToLower(req.URL.Path)
	return strings.HasSuffix(p, "/v2.0/.well-known/openid-configuration") ||
		strings.HasPrefix(p, "/common/userrealm/") || p == "/common/discovery/instance"
}

// usableMetadata reports whether body is JSON with the member MSAL needs
// from that kind of metadata, so a broken answer is never cached.
func usableMetadata(key string, body []byte) bool {
	var v map[string]json.RawMessage
	if json.Unmarshal(body, &v) != nil {
		return false
	}
	k := strings.ToLower(key)
	switch {
	case strings.Contains(k, "/.well-known/openid-configuration"):
		return v["token_endpoint"] != nil && v["issuer"] != nil
	case strings.Contains(k, "/common/userrealm/"):
		return v["account_type"] != nil
	}
	return v["tenant_discovery_endpoint"] != nil
}

func cachedResponse(req *http.Request, body []byte) *http.Response {
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// limitedBody fails a read past its limit instead of truncating silently.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// At the limit: only the end of the body may follow.
		var one [1]byte
		if n, err := l.rc.Read(one[:]); n == 0 && err != nil {
			return 0, err
		}
		return 0, errBodyTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	return n, err
}

func (l *limitedBody) Close() error { return l.rc.Close() }
