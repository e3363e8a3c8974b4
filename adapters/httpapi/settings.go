package httpapi

import (
	"net/http"
	"strconv"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// get answers GET BasePath with the masked view.
func (h *Handler) get(w http.ResponseWriter, r *http.Request, orgID string) {
	view, err := h.svc.Get(r.Context(), orgID)
	if err != nil {
		h.fail(w, r, err, false)
		return
	}
	writeView(w, r, http.StatusOK, view)
}

// put answers PUT BasePath: it creates (201) or replaces (200) every field.
func (h *Handler) put(w http.ResponseWriter, r *http.Request, orgID string) {
	var set powerbi.Settings
	if pr := decodeBody(w, r, &set, false); pr != nil {
		writeProblem(w, r, pr)
		return
	}
	version, conditional, err := h.createOnly(r)
	if !conditional {
		version, conditional, err = h.precondition(r, orgID)
	}
	if err != nil {
		h.fail(w, r, err, true)
		return
	}
	settle, ok := h.allow(w, r, orgID)
	if !ok {
		return
	}

	view, created, err := h.svc.Save(r.Context(), orgID, set, version)
	settle(err)
	if err != nil {
		h.fail(w, r, err, conditional)
		return
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
		w.Header().Set("Location", r.URL.EscapedPath())
	}
	writeView(w, r, status, view)
}

// patch answers PATCH BasePath: only the fields sent change.
func (h *Handler) patch(w http.ResponseWriter, r *http.Request, orgID string) {
	var p powerbi.Patch
	if pr := decodeBody(w, r, &p, false); pr != nil {
		writeProblem(w, r, pr)
		return
	}
	version, conditional, err := h.precondition(r, orgID)
	if err != nil {
		h.fail(w, r, err, true)
		return
	}
	settle, ok := h.allow(w, r, orgID)
	if !ok {
		return
	}

	view, err := h.svc.Update(r.Context(), orgID, p, version)
	settle(err)
	if err != nil {
		h.fail(w, r, err, conditional)
		return
	}
	writeView(w, r, http.StatusOK, view)
}

// test answers POST BasePath/test with the report of a live validation of
// the body merged over the stored settings. An empty body tests the stored
// settings as they are. The outcome of the checks, even a failure, is the
// answer: it comes with 200.
func (h *Handler) test(w http.ResponseWriter, r *http.Request, orgID string) {
	var p powerbi.Patch
	if pr := decodeBody(w, r, &p, true); pr != nil {
		writeProblem(w, r, pr)
		return
	}
	settle, ok := h.allow(w, r, orgID)
	if !ok {
		return
	}

	report, err := h.svc.Test(r.Context(), orgID, p)
	settle(err)
	if err != nil {
		h.fail(w, r, err, false)
		return
	}
	writeJSON(w, r, http.StatusOK, reportOut(report))
}

// delete answers DELETE BasePath with 204.
func (h *Handler) delete(w http.ResponseWriter, r *http.Request, orgID string) {
	version, conditional, err := h.precondition(r, orgID)
	if err != nil {
		h.fail(w, r, err, true)
		return
	}
	if err := h.svc.Delete(r.Context(), orgID, version); err != nil {
		h.fail(w, r, err, conditional)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// maxHistory bounds how many events one GET BasePath/history returns.
const maxHistory = 1000

// history answers GET BasePath/history with the audit events, newest
// first. The optional query parameter limit (1 to 1000, default 100) caps
// how many.
func (h *Handler) history(w http.ResponseWriter, r *http.Request, orgID string) {
	limit := 100
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxHistory {
			writeProblem(w, r, &problem{Status: http.StatusBadRequest, Code: "malformed",
				Detail: "limit must be a whole number from 1 to 1000",
				Errors: []powerbi.FieldError{{Field: "limit", Code: "out_of_range",
					Message: "Limit must be a whole number from 1 to 1000."}}})
			return
		}
		limit = n
	}
	events, err := h.svc.History(r.Context(), orgID, limit)
	if err != nil {
		h.fail(w, r, err, false)
		return
	}
	if events == nil {
		events = []powerbi.Event{}
	}
	for i := range events {
		if events[i].Fields == nil {
			events[i].Fields = []string{}
		}
	}
	writeJSON(w, r, http.StatusOK, events)
}

// writeView answers with view and its version as the ETag.
func writeView(w http.ResponseWriter, r *http.Request, status int, view *powerbi.View) {
	w.Header().Set("ETag", etagOf(view.Version))
	out := *view
	out.Validation = reportOut(view.Validation)
	writeJSON(w, r, status, &out)
}

// reportOut returns r with a non-nil check list, so that the JSON always
// has an array. It copies rather than changing the caller's report.
func reportOut(r *powerbi.Report) *powerbi.Report {
	if r == nil || r.Checks != nil {
		return r
	}
	out := *r
	out.Checks = []powerbi.Check{}
	return &out
}
