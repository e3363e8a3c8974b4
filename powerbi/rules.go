package powerbi

import (
	"errors"
	"net"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-playground/validator/v10"
)

// rules checks Settings against the static rules. validator.Validate is safe
// for concurrent use once its tags are registered, which happens here.
var rules = newRules()

func newRules() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		return name
	})
	// Rules see a secret's value, but only to measure it.
	v.RegisterCustomTypeFunc(func(f reflect.Value) any {
		return f.Interface().(Secret).Reveal()
	}, Secret{})
	must(v.RegisterValidation("tenant", func(fl validator.FieldLevel) bool {
		return validTenant(fl.Field().String())
	}))
	must(v.RegisterValidation("guid", func(fl validator.FieldLevel) bool {
		return validGUID(fl.Field().String())
	}))
	must(v.RegisterValidation("scope", func(fl validator.FieldLevel) bool {
		return validScope(fl.Field().String())
	}))
	must(v.RegisterValidation("upn", func(fl validator.FieldLevel) bool {
		return validUPN(fl.Field().String())
	}))
	must(v.RegisterValidation("maxbytes", func(fl validator.FieldLevel) bool {
		n, err := strconv.Atoi(fl.Param())
		return err == nil && len(fl.Field().String()) <= n
	}))
	return v
}

func must(err error) {
	if err != nil {
		panic("powerbi: " + err.Error())
	}
}

// Validate checks s against the static rules, as it is: call Normalize
// first to trim identifiers and fill in the default scope. It returns nil or
// an *Error with code Invalid and one FieldError per broken field, in form
// order. No rule makes a network call.
func (s Settings) Validate() error {
	err := rules.Struct(s)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return &Error{Code: Internal, Message: "check settings", Err: err}
	}
	out := &Error{Code: Invalid, Message: "settings are invalid"}
	for _, fe := range verrs {
		out.Fields = append(out.Fields, fieldError(fe.Field(), fe.Tag()))
	}
	return out
}

// fieldError explains a broken rule. It deliberately ignores the value, which
// may be a secret.
func fieldError(field, tag string) FieldError {
	if tag == "required" {
		return FieldError{Field: field, Code: "required", Message: labels[field] + " is required."}
	}
	if tag == "maxbytes" {
		return FieldError{Field: field, Code: "too_long",
			Message: labels[field] + " must be at most 1024 bytes."}
	}
	return FieldError{Field: field, Code: "invalid_format", Message: formats[field]}
}

var labels = map[string]string{
	"tenantId":     "Tenant ID",
	"clientId":     "Client ID",
	"clientSecret": "Client secret",
	"scope":        "Scope",
	"workspaceId":  "Workspace ID",
	"username":     "Username",
	"password":     "Password",
}

var formats = map[string]string{
	"tenantId": "Tenant ID must be a directory GUID or a verified domain " +
		"such as contoso.onmicrosoft.com; common, organizations and consumers are not allowed.",
	"clientId":    "Client ID must be the application (client) ID, a GUID.",
	"scope":       "Scope must be an https:// or api:// resource ending in /.default.",
	"workspaceId": "Workspace ID must be the workspace GUID from its Power BI URL.",
	"username":    "Username must be a user principal name such as name@contoso.com.",
}

// validGUID reports whether s is a GUID in its 8-4-4-4-12 hex form.
func validGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
		}
	}
	return true
}

func isHex(c rune) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// multiTenant names the authorities that are not a single directory. A
// connection must name the customer's own directory.
var multiTenant = map[string]bool{"common": true, "organizations": true, "consumers": true}

// validTenant reports whether s is a GUID or a DNS domain with at least two
// labels. Anything that could change the authority URL's path or host (/ ? #
// % @ : spaces) fails the domain rule.
func validTenant(s string) bool {
	if multiTenant[strings.ToLower(s)] {
		return false
	}
	return validGUID(s) || validDomain(s)
}

// validDomain reports whether s is a DNS name of letters, digits and
// hyphens with at least two labels and no IP address.
func validDomain(s string) bool {
	if len(s) > 253 || net.ParseIP(s) != nil {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return false
			}
		}
	}
	// A top-level label of digits only is an IP-like name, not a domain.
	return strings.Trim(labels[len(labels)-1], "0123456789") != ""
}

// validScope reports whether s is an absolute https:// or api:// URI without
// credentials, query or fragment, whose path ends in /.default.
func validScope(s string) bool {
	if len(s) > 512 || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return false
	}
	if u.Scheme != "https" && u.Scheme != "api" {
		return false
	}
	if u.Host == "" || !strings.HasSuffix(u.Path, "/.default") {
		return false
	}
	return !strings.Contains(u.Path, "/../") && !strings.Contains(u.Path, "/./")
}

// validUPN reports whether s looks like name@domain.
func validUPN(s string) bool {
	if len(s) > 256 {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.ContainsAny(local, " \t\r\n@\"(),:;<>[\\]") {
		return false
	}
	return validDomain(domain)
}
