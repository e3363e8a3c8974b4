package powerbi

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
)

// redacted is what a set Secret shows wherever it is printed, logged or
// marshaled.
const redacted = "[REDACTED]"

// Secret holds a credential such as a client secret or a password.
//
// A Secret never shows its value through fmt (any verb), encoding/json,
// encoding.TextMarshaler, log/slog or an error message: a set Secret shows
// [REDACTED] and an empty one shows the empty string. Only [Secret.Reveal]
// returns the value, so every place that needs it is easy to find.
//
// The zero value is an empty secret. A Secret is immutable and safe for
// concurrent use.
type Secret struct {
	value string
}

// NewSecret returns a Secret holding s exactly as given: a secret is never
// trimmed or normalized.
func NewSecret(s string) Secret { return Secret{value: s} }

// Reveal returns the secret value. Call it only where the value is handed to
// the service it is meant for.
func (s Secret) Reveal() string { return s.value }

// IsZero reports whether the secret is empty.
func (s Secret) IsZero() bool { return s.value == "" }

// Equal reports whether s and t hold the same value, in time that does not
// depend on where they differ.
func (s Secret) Equal(t Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.value), []byte(t.value)) == 1
}

// mask is the printable stand-in for the secret.
func (s Secret) mask() string {
	if s.IsZero() {
		return ""
	}
	return redacted
}

// String returns [REDACTED], or "" when the secret is empty.
func (s Secret) String() string { return s.mask() }

// GoString returns the same as String, so %#v hides the value too.
func (s Secret) GoString() string { return s.mask() }

// Format implements fmt.Formatter so that every verb, flag and width prints
// the mask and never the value.
func (s Secret) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		fmt.Fprintf(f, "%q", s.mask())
	default:
		fmt.Fprint(f, s.mask())
	}
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.mask()) }

// MarshalText implements encoding.TextMarshaler with the mask.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.mask()), nil }

// MarshalJSON encodes the mask as a JSON string. A Secret therefore does not
// survive a JSON round trip: marshaling is for display, never for storage.
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.mask()) }

// UnmarshalJSON reads a JSON string as the secret value, so request bodies can
// carry new secrets. JSON null leaves the secret unchanged.
func (s *Secret) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		// Name the expected type only: the input may be a secret.
		return &json.UnmarshalTypeError{Value: "non-string", Type: reflect.TypeFor[Secret]()}
	}
	s.value = v
	return nil
}
