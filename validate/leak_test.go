package validate_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/pbiconnect/pbiconnect/powerbi"
	"github.com/pbiconnect/pbiconnect/validate"
	"github.com/pbiconnect/pbiconnect/validate/validatetest"
)

// exposesHTTP reports whether any error in err's tree is, or holds in a
// field, an *http.Request or *http.Response, which could carry a form with
// a secret in it.
func exposesHTTP(err error) bool {
	reqType := reflect.TypeFor[*http.Request]()
	respType := reflect.TypeFor[*http.Response]()
	var walk func(error) bool
	walk = func(e error) bool {
		if e == nil {
			return false
		}
		v := reflect.ValueOf(e)
		for v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if v.Kind() == reflect.Struct {
			for i := range v.NumField() {
				if t := v.Field(i).Type(); t == reqType || t == respType {
					return true
				}
			}
		}
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			return walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if walk(inner) {
					return true
				}
			}
		}
		return false
	}
	return walk(err)
}

// echoFault is an Entra ID answer that echoes every credential it was sent.
func echoFault(d validatetest.DemoCredentials) validatetest.Fault {
	return validatetest.EntraError(400, "invalid_request", 9999999, fmt.Sprintf(
		"Echoing secret %s and password %s.", d.Settings.ClientSecret.Reveal(),
		d.Settings.Password.Reveal()))
}

func TestTokenErrorsCarryNoRequestOrSecret(t *testing.T) {
	tests := []struct {
		name string
		call func(*validate.Validator, powerbi.Settings) error
	}{
		{"app token error is a scrubbed remote error", func(v *validate.Validator,
			s powerbi.Settings) error {
			_, err := v.AppToken(context.Background(), s, s.Scope)
			return err
		}},
		{"user token error is a scrubbed remote error", func(v *validate.Validator,
			s powerbi.Settings) error {
			_, err := v.UserToken(context.Background(), s)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, v, demo := fixture(t, false)
			srv.SetFault(validatetest.EndpointToken, echoFault(demo))

			err := tt.call(v, demo.Settings.Normalize())

			require.Error(t, err)
			var re *validate.RemoteError
			require.True(t, errors.As(err, &re), "%T", err)
			assert.Equal(t, "AADSTS9999999", re.Code)
			var call msalerrors.CallErr
			assert.False(t, errors.As(err, &call), "an MSAL call error keeps the request")
			assert.False(t, exposesHTTP(err), "an error in the chain holds a request or response")
			for _, text := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
				assert.NotContains(t, text, demo.Settings.ClientSecret.Reveal())
				assert.NotContains(t, text, demo.Settings.Password.Reveal())
			}
		})
	}
}

func TestTokenTransportErrorsCarryNoRequest(t *testing.T) {
	srv, v, demo := fixture(t, false)
	srv.SetFault(validatetest.EndpointToken, validatetest.Fault{Hang: true})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()

	_, err := v.AppToken(ctx, demo.Settings.Normalize(), demo.Settings.Normalize().Scope)

	require.Error(t, err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.False(t, exposesHTTP(err), "an error in the chain holds a request or response")
	var call msalerrors.CallErr
	assert.False(t, errors.As(err, &call))
}

func TestEntraDescriptionIsScrubbedBeforeItIsCut(t *testing.T) {
	srv, v, demo := fixture(t, false)
	secret := demo.Settings.ClientSecret.Reveal()
	// The secret starts just before the 300th character of the description.
	desc := strings.Repeat("x", 290) + " " + secret + " was sent."
	srv.SetFault(validatetest.EndpointToken, validatetest.EntraError(401, "invalid_client",
		9999999, desc))

	rep := v.Validate(context.Background(), demo.Settings)

	c := find(t, rep, validate.CheckClientCredentials)
	assert.Equal(t, powerbi.StatusFailed, c.Status)
	assert.Contains(t, c.Message, "xxxx")
	assert.NotContains(t, c.Message, secret[:6], "a prefix of the secret survived the cut")
}

func TestEntraTraceIDsAreScrubbed(t *testing.T) {
	srv, v, demo := fixture(t, false)
	secret := demo.Settings.ClientSecret.Reveal()
	srv.SetFault(validatetest.EndpointToken, validatetest.Fault{Status: 401, Body: fmt.Sprintf(
		`{"error":"invalid_client","error_description":"AADSTS9999999: refused.",`+
			`"error_codes":[9999999],"trace_id":"t-%s","correlation_id":"c-%s"}`, secret, secret)})

	_, err := v.AppToken(context.Background(), demo.Settings.Normalize(), powerbi.DefaultScope)
	rep := v.Validate(context.Background(), demo.Settings)

	var re *validate.RemoteError
	require.ErrorAs(t, err, &re)
	assert.NotContains(t, re.TraceID, secret)
	assert.NotContains(t, re.CorrelationID, secret)
	assert.NotContains(t, find(t, rep, validate.CheckClientCredentials).Message, secret)
}

// echoServer is a Power BI and Databricks that refuses every request with
// a message echoing the bearer token it got, after pad characters.
type echoServer struct {
	*httptest.Server
	pad    int
	mu     sync.Mutex
	tokens []string
}

func newEchoServer(t *testing.T, pad int, extra string) *echoServer {
	e := &echoServer{pad: pad}
	e.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		e.mu.Lock()
		e.tokens = append(e.tokens, tok)
		e.mu.Unlock()
		msg := strings.Repeat("x", e.pad) + " " + tok + " " + extra
		w.Header().Set("RequestId", "r-"+tok)
		w.Header().Set("X-Request-Id", "r-"+tok)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		if strings.HasPrefix(r.URL.Path, "/databricks") {
			fmt.Fprintf(w, `{"error_code":"%s","message":"%s"}`, tok, msg)
			return
		}
		fmt.Fprintf(w, `{"error":{"code":"%s","message":"%s"}}`, tok, msg)
	}))
	t.Cleanup(e.Close)
	return e
}

func TestRestMessagesAreScrubbed(t *testing.T) {
	tests := []struct {
		name string
		pad  int
	}{
		{"echo in full is redacted", 0},
		{"echo across the cut leaves no prefix", 290},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := validatetest.NewServer()
			t.Cleanup(srv.Close)
			demo := srv.AddDemo()
			secrets := []string{demo.Settings.ClientSecret.Reveal(), demo.Settings.Password.Reveal()}
			echo := newEchoServer(t, tt.pad, strings.Join(secrets, " "))
			cfg := srv.Config(true)
			cfg.Cloud.PowerBIAPI = echo.URL + "/powerbi"
			cfg.Databricks.WorkspaceURL = echo.URL + "/databricks"

			rep := validate.New(cfg).Validate(context.Background(), demo.Settings)

			echo.mu.Lock()
			leaks := append(echo.tokens, secrets...)
			echo.mu.Unlock()
			require.Len(t, leaks, 4, "both services must have been asked")
			for _, name := range []string{validate.CheckWorkspace, validate.CheckDatabricks} {
				c := find(t, rep, name)
				assert.Equal(t, powerbi.StatusFailed, c.Status, name)
				for _, leak := range leaks {
					require.NotEmpty(t, leak)
					for _, text := range []string{c.Message, c.Code, c.Hint} {
						assert.NotContains(t, text, leak[:min(8, len(leak))], name)
					}
				}
			}
		})
	}
}
