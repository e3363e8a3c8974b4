package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pbiconnect/pbiconnect/powerbi"
)

// decodeBody reads the JSON object in r's body into dst, which is a
// *powerbi.Settings or *powerbi.Patch, so secrets land in powerbi.Secret
// values straight away. It answers 413 past MaxBodyBytes, 415 for anything
// but application/json, and 400 for a body that is not exactly one JSON
// object of known fields in valid UTF-8. With allowEmpty, an empty body is
// no change and needs no content type.
//
// No problem it returns quotes the body: decoder messages can hold bytes
// of the input, which may be a secret, so they are replaced by our own.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any, allowEmpty bool) *problem {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	defer clear(body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &problem{Status: http.StatusRequestEntityTooLarge, Code: "too_large",
			Detail: "the body must be at most " + strconv.Itoa(MaxBodyBytes) + " bytes"}
	}
	if err != nil {
		return malformed("the body could not be read")
	}
	if len(body) == 0 && allowEmpty {
		return nil
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		if r.Method == http.MethodPatch {
			w.Header().Set("Accept-Patch", "application/json")
		}
		return &problem{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Detail: "the body must be application/json"}
	}
	return decodeJSON(body, dst)
}

// isJSON reports whether a Content-Type is application/json in UTF-8.
func isJSON(contentType string) bool {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

// decodeJSON decodes body, which must be one JSON object and nothing else,
// into dst.
func decodeJSON(body []byte, dst any) *problem {
	// The decoder would quietly replace invalid UTF-8, changing a secret.
	if !utf8.Valid(body) {
		return malformed("the body must be valid UTF-8")
	}
	if pr := checkKeys(body, jsonNames(dst)); pr != nil {
		return pr
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return decodeProblem(err)
	}
	return nil
}

// checkKeys makes sure body is one JSON object and nothing after it, whose
// keys are each one of names, spelled exactly, at most once.
// encoding/json alone would match keys regardless of case and let a later
// duplicate win, so {"password":"a","PASSWORD":"b"} would pass unnoticed.
func checkKeys(body []byte, names []string) *problem {
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		if err != nil {
			return decodeProblem(err)
		}
		return malformed("the body must be a JSON object")
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return decodeProblem(err)
		}
		key, _ := tok.(string)
		switch {
		case !slices.Contains(names, key):
			return unknownField(key, names)
		case seen[key]:
			pr := malformed("the body names a field twice")
			pr.Errors = []powerbi.FieldError{{Field: key, Code: "duplicate_field",
				Message: "This field appears more than once."}}
			return pr
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return decodeProblem(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return decodeProblem(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return malformed("the body must hold one JSON object and nothing after it")
	}
	return nil
}

// jsonNames returns the JSON names of the fields of the struct dst points
// to.
func jsonNames(dst any) []string {
	t := reflect.TypeOf(dst).Elem()
	names := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}

// decodeProblem explains a decoding error without quoting the input.
func decodeProblem(err error) *problem {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return malformed("the body is not valid JSON (error at byte " +
			strconv.FormatInt(syntax.Offset, 10) + ")")
	case errors.As(err, &typ) && typ.Field != "":
		pr := malformed("a field has the wrong type")
		pr.Errors = []powerbi.FieldError{{Field: typ.Field, Code: "wrong_type",
			Message: "This field must be a JSON string."}}
		return pr
	case errors.Is(err, io.ErrUnexpectedEOF):
		return malformed("the body is not valid JSON (it ends too early)")
	}
	return malformed("the body is not a valid settings object; secrets must be JSON strings")
}

// unknownField returns the problem of a field the settings do not have.
// The name is echoed only when it is a known name spelled in another case,
// the usual mistake; any other key could be a secret pasted in the wrong
// place, and responses never carry what might be a secret.
func unknownField(name string, names []string) *problem {
	if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) }) {
		name = ""
	}
	pr := malformed("the body has a field that is not part of the settings")
	pr.Errors = []powerbi.FieldError{{Field: name, Code: "unknown_field",
		Message: "This field is not part of the settings."}}
	return pr
}

// malformed returns a 400 problem with detail.
func malformed(detail string) *problem {
	return &problem{Status: http.StatusBadRequest, Code: "malformed", Detail: detail}
}
