package validate

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestEntraErrorReadsCodes(t *testing.T) {
	tests := []struct {
		name, body, code, trace string
		malformed               bool
	}{
		{"code from error_codes", `{"error":"invalid_client","error_description":"AADSTS7000215: ` +
			`Invalid client secret provided. Trace ID: abc Correlation ID: def Timestamp: x",` +
			`"error_codes":[7000215],"trace_id":"abc","correlation_id":"def"}`, "AADSTS7000215", "abc", false},
		{"code from description", `{"error":"invalid_grant","error_description":"AADSTS50126: ` +
			`Error validating credentials."}`, "AADSTS50126", "", false},
		{"known code preferred", `{"error":"invalid_grant","error_codes":[1,50076]}`, "AADSTS50076", "", false},
		{"no code keeps error", `{"error":"invalid_request","error_description":"bad"}`, "invalid_request", "", false},
		{"html is malformed", `<html>gateway</html>`, "", "", true},
		{"empty object is malformed", `{}`, "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := entraError(400, []byte(tt.body))

			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.trace, e.TraceID)
			assert.Equal(t, tt.malformed, e.Malformed)
			assert.NotContains(t, e.Description, "Trace ID")
		})
	}
}

func TestRemoteErrorScrubsSecrets(t *testing.T) {
	e := &RemoteError{Service: ServiceEntra, StatusCode: 401, Code: "AADSTS1",
		Description: "secret hunter2 was wrong"}

	e.scrub("hunter2", "")

	assert.Equal(t, "entra: status 401: AADSTS1: secret [REDACTED] was wrong", e.Error())
}

func TestCloudAuthority(t *testing.T) {
	tests := []struct {
		name, host, tenant, want string
	}{
		{"guid tenant", "https://login.microsoftonline.com", "72f988bf-86f1-41af-91ab-2d7cd011db47",
			"https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47"},
		{"domain tenant", "https://login.microsoftonline.us", "contoso.onmicrosoft.us",
			"https://login.microsoftonline.us/contoso.onmicrosoft.us"},
		{"path in tenant is refused", "https://login.microsoftonline.com", "evil.example/x", ""},
		{"common is refused", "https://login.microsoftonline.com", "Common", ""},
		{"userinfo is refused", "https://login.microsoftonline.com", "a@evil.example", ""},
		{"host with a path is refused", "https://proxy.example/entra", "contoso.com", ""},
		{"plain http is refused", "http://login.microsoftonline.com", "contoso.com", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Cloud{AuthorityHost: tt.host}.authority(tt.tenant)

			if tt.want == "" {
				assert.Error(t, err)
				return
			}
			assert.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestInstanceDiscoveryOnlyForMicrosoftHosts(t *testing.T) {
	assert.True(t, PublicCloud().instanceDiscovery())
	assert.True(t, China().instanceDiscovery())
	assert.False(t, CustomCloud("https://127.0.0.1:8443").instanceDiscovery())
	assert.False(t, CustomCloud("https://login.microsoftonline.com.evil.example").instanceDiscovery())
}

func TestRedactorClean(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"secret is redacted", "got p4ss/word+x here", "got [REDACTED] here"},
		{"form-encoded secret is redacted", "client_secret=p4ss%2Fword%2Bx",
			"client_secret=[REDACTED]"},
		{"text with a short secret is dropped", "code xy9 seen", ""},
		{"clean text is kept", "nothing to see", "nothing to see"},
	}
	red := redactor{"p4ss/word+x", "xy9", ""}.withEncodings()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, red.clean(tt.text))
		})
	}
}

func TestEntraErrorScrubsBeforeCutting(t *testing.T) {
	secret := "S3cret-Value-0123456789"
	// The 300th byte falls inside a two-byte character; the secret follows.
	desc := "a" + strings.Repeat("é", 150) + " " + secret
	body := fmt.Sprintf(`{"error":"invalid_client","error_description":%q,`+
		`"error_codes":[9999999],"trace_id":"t %s","correlation_id":"c %s"}`, desc, secret, secret)

	e := entraError(401, []byte(body), secret)

	assert.NotContains(t, e.Error(), secret[:4])
	assert.True(t, utf8.ValidString(e.Description), "the cut split a character")
	assert.Equal(t, "t [REDACTED]", e.TraceID)
	assert.Equal(t, "c [REDACTED]", e.CorrelationID)
}
