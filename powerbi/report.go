package powerbi

import (
	"context"
	"encoding/json"
	"time"
)

// Status is the outcome of one live check, or of a whole report.
type Status string

// The outcomes of a check.
const (
	// StatusPassed: the service accepted the credentials.
	StatusPassed Status = "passed"
	// StatusFailed: the service refused them; the check names the field.
	StatusFailed Status = "failed"
	// StatusUnavailable: the service could not be reached or did not answer
	// in time, so nothing is known about the credentials.
	StatusUnavailable Status = "unavailable"
	// StatusSkipped: the check did not run, for example because an earlier
	// one it depends on failed.
	StatusSkipped Status = "skipped"
)

// Check is the result of one live check.
type Check struct {
	// Name identifies the check, such as "entra.client_credentials".
	Name string `json:"name"`
	// Field is the JSON name of the field the result concerns, if any.
	Field string `json:"field,omitempty"`
	// Status is the outcome.
	Status Status `json:"status"`
	// Code is the service's error code, such as "AADSTS7000215".
	Code string `json:"code,omitempty"`
	// Message says what happened, in a sentence.
	Message string `json:"message,omitempty"`
	// Hint says how to fix a failure.
	Hint string `json:"hint,omitempty"`
	// Duration is how long the check took.
	Duration time.Duration `json:"-"`
}

type checkJSON Check

// MarshalJSON encodes the check with its duration in milliseconds.
func (c Check) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		checkJSON
		DurationMS int64 `json:"durationMs"`
	}{checkJSON(c), c.Duration.Milliseconds()})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (c *Check) UnmarshalJSON(b []byte) error {
	var v struct {
		checkJSON
		DurationMS int64 `json:"durationMs"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*c = Check(v.checkJSON)
	c.Duration = time.Duration(v.DurationMS) * time.Millisecond
	return nil
}

// Report is the result of a live validation.
type Report struct {
	// Status sums up the checks; see [Summarize].
	Status Status `json:"status"`
	// CheckedAt is when the validation started.
	CheckedAt time.Time `json:"checkedAt"`
	// Checks are the individual results in a stable order.
	Checks []Check `json:"checks"`
}

// finish fills in the summary status and, if the validator left it out,
// the time of the check; it makes Checks non-nil so that it encodes as a
// JSON array.
func (r *Report) finish(now time.Time) {
	if r.CheckedAt.IsZero() {
		r.CheckedAt = now
	}
	if r.Checks == nil {
		r.Checks = []Check{}
	}
	r.Status = Summarize(r.Checks)
}

// Summarize returns the status of a set of checks: failed if any failed,
// else unavailable if any was unavailable or has an unknown status, else
// passed if any passed. No
// checks, or only skipped ones, give skipped, which never counts as a pass.
func Summarize(checks []Check) Status {
	var failed, unavailable, passed bool
	for _, c := range checks {
		switch c.Status {
		case StatusFailed:
			failed = true
		case StatusUnavailable:
			unavailable = true
		case StatusPassed:
			passed = true
		case StatusSkipped:
		default:
			// An unknown status proves nothing: fail closed.
			unavailable = true
		}
	}
	switch {
	case failed:
		return StatusFailed
	case unavailable:
		return StatusUnavailable
	case passed:
		return StatusPassed
	}
	return StatusSkipped
}

// Validator checks settings live against the cloud services.
//
// Validate must respect ctx's deadline and return a report whose every
// check has a status. It must never put a secret in a check.
// Implementations must be safe for concurrent use.
type Validator interface {
	// Validate checks s, which has passed the static rules, live.
	Validate(ctx context.Context, s Settings) Report
}

// ValidatorFunc adapts a function to the [Validator] interface, for tests and
// for hosts with checks of their own.
type ValidatorFunc func(ctx context.Context, s Settings) Report

// Validate calls f.
func (f ValidatorFunc) Validate(ctx context.Context, s Settings) Report { return f(ctx, s) }
