package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// ProblemTypePrefix starts the type URI of every problem the handler
// writes; the rest is the problem's code, as in
// "urn:pbiconnect:problem:rejected".
const ProblemTypePrefix = "urn:pbiconnect:problem:"

// problem is an RFC 9457 problem document. Code repeats the last part of
// Type for clients that switch on a plain string; Report carries the live
// validation result of a rejected or unavailable write.
type problem struct {
	Type   string               `json:"type"`
	Title  string               `json:"title"`
	Status int                  `json:"status"`
	Detail string               `json:"detail"`
	Code   string               `json:"code"`
	Errors []powerbi.FieldError `json:"errors"`
	Report *powerbi.Report      `json:"report,omitempty"`
	// cause is logged for 5xx answers and never written.
	cause error
}

// statusOf is the one table from an error code of package powerbi to an
// HTTP status.
func statusOf(code powerbi.Code) int {
	switch code {
	case powerbi.Invalid, powerbi.Rejected:
		return http.StatusUnprocessableEntity
	case powerbi.NotFound:
		return http.StatusNotFound
	case powerbi.Conflict:
		return http.StatusConflict
	case powerbi.Forbidden:
		return http.StatusForbidden
	case powerbi.Unauthenticated:
		return http.StatusUnauthorized
	case powerbi.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// problemOf turns an error of the service into a problem. The message of a
// *powerbi.Error never holds a secret, so it becomes the detail; anything
// else is internal and its text stays in the log.
func problemOf(err error) *problem {
	code := powerbi.ErrorCode(err)
	pr := &problem{Status: statusOf(code), Code: string(code), cause: err}
	var e *powerbi.Error
	if code == powerbi.Internal || !errors.As(err, &e) {
		pr.Code, pr.Detail = string(powerbi.Internal), "the request could not be completed"
		return pr
	}
	pr.Detail, pr.Errors, pr.Report = e.Message, e.Fields, reportOut(e.Report)
	return pr
}

// fail answers with the problem for err. When the request carried
// If-Match or If-None-Match, a version conflict or a missing record means
// the precondition failed: 412. Without If-Match a conflict is a concurrent write that won
// the race: 409.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error, conditional bool) {
	if errors.Is(err, errBadIfMatch) {
		pr := malformed("If-Match must be * or a list of quoted entity tags")
		pr.Errors = []powerbi.FieldError{{Field: "If-Match", Code: "invalid_format",
			Message: `If-Match must be * or entity tags such as "3".`}}
		writeProblem(w, r, pr)
		return
	}
	if errors.Is(err, errBadIfNoneMatch) {
		pr := malformed("If-None-Match supports only * on PUT, and not together with If-Match")
		pr.Errors = []powerbi.FieldError{{Field: "If-None-Match", Code: "invalid_format",
			Message: "If-None-Match must be * (create only), on PUT, without If-Match."}}
		writeProblem(w, r, pr)
		return
	}
	pr := problemOf(err)
	code := powerbi.ErrorCode(err)
	if conditional && (code == powerbi.Conflict || code == powerbi.NotFound) {
		pr.Status, pr.Code = http.StatusPreconditionFailed, "precondition_failed"
		pr.Detail = "the settings are not at the version the request expects; reload and try again"
	}
	if pr.Status == http.StatusServiceUnavailable {
		// The cloud was unreachable; asking again soon is reasonable.
		w.Header().Set("Retry-After", "30")
	}
	writeProblem(w, r, pr)
}

// writeProblem writes pr as application/problem+json, filling in its type
// and title.
func writeProblem(w http.ResponseWriter, r *http.Request, pr *problem) {
	pr.Type = ProblemTypePrefix + pr.Code
	pr.Title = http.StatusText(pr.Status)
	if pr.Errors == nil {
		pr.Errors = []powerbi.FieldError{}
	}
	if rec, ok := w.(*recorder); ok && pr.cause != nil {
		rec.cause = pr.cause
	}
	body, err := json.Marshal(pr)
	if err != nil {
		body = []byte(internalBody)
		pr.Status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(pr.Status)
	w.Write(body)
}

// internalBody is the problem written when a problem itself cannot be
// encoded.
const internalBody = `{"type":"` + ProblemTypePrefix + `internal",` +
	`"title":"Internal Server Error","status":500,` +
	`"detail":"the request could not be completed","code":"internal","errors":[]}`

// writeJSON writes v as application/json, or a 500 problem if v cannot be
// encoded.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		w.Header().Del("ETag")
		w.Header().Del("Location")
		writeProblem(w, r, &problem{Status: http.StatusInternalServerError,
			Code: string(powerbi.Internal), Detail: "the request could not be completed",
			cause: err})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}
