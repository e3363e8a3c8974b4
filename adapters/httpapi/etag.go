package httpapi

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// etagOf is the entity tag of a version: the version number, quoted.
func etagOf(version int64) string {
	return `"` + strconv.FormatInt(version, 10) + `"`
}

// ifMatch is a parsed If-Match header.
type ifMatch struct {
	any      bool    // the header is *
	versions []int64 // the strong tags that name a version
}

// parseIfMatch parses an If-Match value: * or a comma-separated list of
// entity tags, each "opaque" or W/"opaque". Weak tags and tags that are
// not a version are valid syntax but can never match: If-Match compares
// strongly (RFC 9110, section 13.1.1). It reports false for bad syntax.
func parseIfMatch(v string) (ifMatch, bool) {
	v = strings.TrimSpace(v)
	if v == "*" {
		return ifMatch{any: true}, true
	}
	var m ifMatch
	for part := range strings.SplitSeq(v, ",") {
		tag := strings.TrimSpace(part)
		if tag == "" {
			continue // the list grammar allows empty elements
		}
		weak := strings.HasPrefix(tag, "W/")
		tag = strings.TrimPrefix(tag, "W/")
		if len(tag) < 2 || tag[0] != '"' || tag[len(tag)-1] != '"' ||
			strings.ContainsAny(tag[1:len(tag)-1], "\" \t") {
			return ifMatch{}, false
		}
		n, err := strconv.ParseInt(tag[1:len(tag)-1], 10, 64)
		if !weak && err == nil && n > 0 {
			m.versions = append(m.versions, n)
		}
	}
	return m, true
}

// precondition reads If-Match and returns the version a write must find,
// and whether the request was conditional. One version is passed on for the
// store to check atomically. For * or a list, the current version is read
// first and, if it matches, passed on the same way; a write that lands in
// between then fails the precondition rather than being overwritten. The
// error is a powerbi Conflict (shown as 412) when nothing can match,
// errBadIfMatch (shown as 400) for a malformed header, or errBadIfNoneMatch
// (400) for If-None-Match, which only PUT supports.
func (h *Handler) precondition(r *http.Request, orgID string) (int64, bool, error) {
	if len(r.Header.Values("If-None-Match")) > 0 {
		return 0, true, errBadIfNoneMatch // only PUT supports it; see createOnly
	}
	values := r.Header.Values("If-Match")
	if len(values) == 0 {
		return powerbi.AnyVersion, false, nil
	}
	m, ok := parseIfMatch(strings.Join(values, ","))
	if !ok {
		return 0, true, errBadIfMatch
	}
	if !m.any && len(m.versions) == 1 {
		return m.versions[0], true, nil
	}
	if !m.any && len(m.versions) == 0 {
		return 0, true, errStale
	}
	view, err := h.svc.Get(r.Context(), orgID)
	if err != nil {
		return 0, true, err
	}
	if !m.any && !slices.Contains(m.versions, view.Version) {
		return 0, true, errStale
	}
	return view.Version, true, nil
}

// createOnly reads If-None-Match on PUT. Only * is supported: it asks to
// create the settings and never replace them, which is passed on as
// powerbi.NoVersion for the store to check atomically. Any other value, or
// If-None-Match together with If-Match, is errBadIfNoneMatch.
func (h *Handler) createOnly(r *http.Request) (int64, bool, error) {
	values := r.Header.Values("If-None-Match")
	if len(values) == 0 {
		return powerbi.AnyVersion, false, nil
	}
	if len(values) != 1 || strings.TrimSpace(values[0]) != "*" || r.Header.Get("If-Match") != "" {
		return 0, true, errBadIfNoneMatch
	}
	return powerbi.NoVersion, true, nil
}

var (
	// errBadIfNoneMatch is the error of an If-None-Match other than a lone *.
	errBadIfNoneMatch = errors.New("httpapi: If-None-Match supports only * on PUT, without If-Match")
	// errStale is the error of an If-Match that cannot match.
	errStale = powerbi.Errorf(powerbi.Conflict, "the settings are not at the version in If-Match")
	// errBadIfMatch is the error of an If-Match that does not parse.
	errBadIfMatch = errors.New("httpapi: malformed If-Match")
)
