package powerbi

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an [Error]. The HTTP adapter owns the mapping from code to
// status; the codes themselves say nothing about transport.
type Code string

// The error codes returned by this package and its stores.
const (
	// Invalid: the input breaks a static rule; Error.Fields says which.
	Invalid Code = "invalid"
	// NotFound: the organization has no Power BI settings.
	NotFound Code = "not_found"
	// Conflict: the stored version is not the one the caller expected.
	Conflict Code = "conflict"
	// Forbidden: the principal may not act on this organization.
	Forbidden Code = "forbidden"
	// Unauthenticated: no principal came with the request.
	Unauthenticated Code = "unauthenticated"
	// Rejected: live validation ran and Entra ID or Power BI refused the
	// credentials; Error.Report says why.
	Rejected Code = "rejected"
	// Unavailable: Entra ID or Power BI could not be reached or did not
	// answer in time; nothing was changed.
	Unavailable Code = "unavailable"
	// Internal: anything else, such as a store or decryption failure.
	Internal Code = "internal"
)

// FieldError says what is wrong with one field of the input.
type FieldError struct {
	// Field is the JSON name of the field, such as "tenantId".
	Field string `json:"field"`
	// Code is a short machine-readable reason, such as "required".
	Code string `json:"code"`
	// Message is a sentence for the person who filled the form.
	Message string `json:"message"`
}

// Error is the error type of this package. Its message never contains a
// secret.
type Error struct {
	// Code classifies the error.
	Code Code
	// Message is a short lowercase description for people.
	Message string
	// Fields lists the fields at fault when Code is Invalid, and may name
	// fields for Rejected.
	Fields []FieldError
	// Report is the live validation result when Code is Rejected or
	// Unavailable.
	Report *Report
	// Err is the underlying cause, if any.
	Err error
}

// Error implements the error interface.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("powerbi: ")
	b.WriteString(e.Message)
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(f.Field + ": " + f.Message)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, Internal for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
