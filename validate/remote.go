package validate

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// The services a [RemoteError] can come from.
const (
	ServiceEntra      = "entra"
	ServicePowerBI    = "powerbi"
	ServiceDatabricks = "databricks"
)

// RemoteError is a refusal or malformed answer from Entra ID, Power BI or
// Databricks. It carries what the service said and never a credential: the
// request is not kept, and a description that echoes a secret the
// validator knows is scrubbed before it gets here.
type RemoteError struct {
	// Service is ServiceEntra, ServicePowerBI or ServiceDatabricks.
	Service string
	// StatusCode is the HTTP status of the answer, or 0 if there was none.
	StatusCode int
	// Code is the service's error code: "AADSTS7000215" for Entra ID,
	// "PowerBINotAuthorizedException" for Power BI. It may be empty.
	Code string
	// Description is the service's own explanation, trimmed to its first
	// sentence block without Entra ID's trace and timestamp lines.
	Description string
	// TraceID is Entra ID's trace_id, or Power BI's or Databricks'
	// request ID.
	TraceID string
	// CorrelationID is Entra ID's correlation_id, if any.
	CorrelationID string
	// Malformed reports that the body could not be read as the service's
	// JSON, so the error says nothing about the credentials.
	Malformed bool
}

// Error returns a one-line summary with the service, status, code,
// description and trace ID.
func (e *RemoteError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: status %d", e.Service, e.StatusCode)
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	if e.Malformed {
		b.WriteString(": malformed response")
	}
	if e.TraceID != "" {
		b.WriteString(" (trace id " + e.TraceID + ")")
	}
	return b.String()
}

// Temporary reports whether the failure says nothing about the
// credentials: a server error, throttling or a malformed answer.
func (e *RemoteError) Temporary() bool {
	return e.Malformed || e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests ||
		e.StatusCode == http.StatusRequestTimeout
}

// entraBody is the error body of Entra ID's endpoints.
type entraBody struct {
	Error         string `json:"error"`
	Description   string `json:"error_description"`
	Codes         []int  `json:"error_codes"`
	TraceID       string `json:"trace_id"`
	CorrelationID string `json:"correlation_id"`
}

// entraError reads an Entra ID error answer, removing secrets from every
// text of it before the description is cut to length.
func entraError(status int, body []byte, secrets ...string) *RemoteError {
	e := &RemoteError{Service: ServiceEntra, StatusCode: status}
	var v entraBody
	if err := json.Unmarshal(body, &v); err != nil || (v.Error == "" && len(v.Codes) == 0) {
		e.Malformed = true
		return e
	}
	red := redactor(secrets).withEncodings()
	if n := entraCodeOf(v.Codes, v.Description); n != 0 {
		e.Code = fmt.Sprintf("AADSTS%d", n)
	} else {
		e.Code = red.clean(v.Error)
	}
	e.Description = firstBlock(red.clean(v.Description))
	e.TraceID, e.CorrelationID = red.clean(v.TraceID), red.clean(v.CorrelationID)
	return e
}

// firstBlock cuts Entra ID's description before its "Trace ID:" line and
// drops the leading "AADSTSnnnn: ", which Code already carries, and cuts
// it to 300 bytes. s must already be clean of secrets.
func firstBlock(s string) string {
	if i := strings.Index(s, "Trace ID:"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if m := aadstsText.FindStringIndex(s); m != nil && m[0] == 0 {
		s = strings.TrimSpace(strings.TrimPrefix(s[m[1]:], ":"))
	}
	return cut(s, 300)
}

// scrub replaces every secret found in e's text with [REDACTED], or
// drops a text that holds a secret too short to cut out.
func (e *RemoteError) scrub(secrets ...string) {
	red := redactor(secrets).withEncodings()
	e.Code, e.Description = red.clean(e.Code), red.clean(e.Description)
	e.TraceID, e.CorrelationID = red.clean(e.TraceID), red.clean(e.CorrelationID)
}
