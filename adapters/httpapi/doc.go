// Package httpapi serves pbiconnect's HTTP contract: an [http.Handler] that
// lets the owners and admins of an organization read, save, test and audit
// its Power BI settings through a [powerbi.Service].
//
// Mount it on the host's mux and pass the function that authenticates a
// request:
//
//	h := httpapi.New(httpapi.Config{Service: svc, Authenticate: auth, Logger: logger})
//	mux.Handle("/v1/", h)
//
// The handler matches full paths, so mount it without [http.StripPrefix].
//
// # Routes
//
// Under [BasePath], /v1/orgs/{org}/integrations/powerbi:
//
//	GET    BasePath          200 the masked view; 404 when never configured
//	PUT    BasePath          201 created (with Location) or 200 replaced
//	PATCH  BasePath          200; only the fields sent change
//	DELETE BasePath          204; the history stays
//	POST   BasePath/test     200 the validation report; nothing is saved
//	GET    BasePath/history  200 the audit events, newest first
//	GET    /v1/openapi.json  200 the OpenAPI document, no credentials needed
//
// A view never holds a secret: clientSecretSet and passwordSet say whether
// they are stored. POST /test answers 200 whatever the checks found, so
// that a settings page can show the report; an empty body tests the stored
// settings.
//
// # Errors
//
// Every error is an RFC 9457 application/problem+json document with type
// ([ProblemTypePrefix] plus a code), title, status, detail, code, and
// errors: a list of {field, code, message} naming the fields at fault. A
// write that live validation rejected (422) or could not check (503) also
// carries the report. Error codes of package powerbi map to statuses in one
// table: invalid and rejected 422, not_found 404, conflict 409, forbidden
// 403, unauthenticated 401, unavailable 503, anything else 500 with no
// detail. The handler adds 400 for a malformed body, header or parameter,
// 405 with Allow, 412, 413 over [MaxBodyBytes], 415 for anything but
// application/json, and 429. A 503 comes with Retry-After: 30.
//
// # Versions
//
// Views carry their version as a strong ETag, such as "3". PUT, PATCH and
// DELETE honour If-Match: a tag that is not the stored version, a weak tag
// (If-Match compares strongly), or any tag when nothing is stored gives
// 412. Without If-Match, a write that loses a race to a concurrent one gets
// 409, so that a client which did not ask for a precondition can tell the
// two apart. PUT with If-None-Match: * only creates: if settings exist it
// gives 412 and replaces nothing.
//
// # Rate limits
//
// PUT, PATCH and POST /test check credentials live against Entra ID, which
// would make the endpoint a password-guessing oracle. [Limits] bounds them
// per organization and per principal, answering 429 with Retry-After. Only
// callers who may manage the organization spend its budget.
//
// # Security
//
// Request bodies are read into [powerbi.Settings] or [powerbi.Patch], whose
// secrets are [powerbi.Secret] values from the start. Bodies must be one
// JSON object in valid UTF-8 whose keys are known fields spelled exactly,
// each at most once; decoding errors are rewritten so that no part of the
// body is echoed. Every response has Cache-Control: no-store. The request
// log names the route pattern, never the body or a header value.
package httpapi
