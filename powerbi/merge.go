package powerbi

import "strings"

// Merge puts p over stored settings and normalizes the result.
//
// A stored secret is kept only for the identity it was entered with: if p
// changes the tenant or client ID but leaves the client secret out, or
// changes the tenant or username but leaves the password out, Merge fails
// with Invalid and names the secret as required. Otherwise anyone allowed
// to edit the settings could send the stored secret to a tenant or a
// federated sign-in server of their choosing without ever knowing it.
func (p Patch) Merge(stored Settings) (Settings, error) {
	set := p.Apply(stored).Normalize()
	tenantChanged := !sameID(set.TenantID, stored.TenantID)
	var fields []FieldError
	if p.ClientSecret == nil && !stored.ClientSecret.IsZero() &&
		(tenantChanged || !sameID(set.ClientID, stored.ClientID)) {
		fields = append(fields, FieldError{Field: "clientSecret", Code: "required",
			Message: "Enter the client secret again: a stored secret is never sent " +
				"for another tenant or app."})
	}
	if p.Password == nil && !stored.Password.IsZero() &&
		(tenantChanged || !sameID(set.Username, stored.Username)) {
		fields = append(fields, FieldError{Field: "password", Code: "required",
			Message: "Enter the password again: a stored password is never sent " +
				"for another tenant or user."})
	}
	if fields != nil {
		return Settings{}, &Error{Code: Invalid, Message: "settings are invalid", Fields: fields}
	}
	return set, nil
}

// sameID reports whether two identifiers name the same thing to Entra ID,
// which ignores ASCII case. Only ASCII is folded: Unicode folding would take
// "ſ" for "s" and let a different user keep the stored password.
func sameID(a, b string) bool {
	return asciiLower(a) == asciiLower(b)
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}
